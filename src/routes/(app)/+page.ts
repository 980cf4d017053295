import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// "/" has nothing of its own; the dossier list is home.
export const load: PageLoad = () => {
  redirect(307, '/dossiers');
};
