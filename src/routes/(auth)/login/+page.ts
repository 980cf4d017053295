import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/routing';
import { sessionState } from '$lib/state/session-state.svelte';
import type { PageLoad } from './$types';

// Default language comes from the browser, so render on the client only (no flash of English).
export const ssr = false;

export const load: PageLoad = async ({ fetch, url }) => {
  // Already signed in (another tab, back button): skip the form.
  const session = await sessionState.load({ fetch }).catch(() => null);
  if (session) redirect(307, safeNext(url));
};
