import { redirect } from '@sveltejs/kit';
import { loginUrl } from '$lib/routing';
import { sessionState } from '$lib/state/session-state.svelte';
import type { LayoutLoad } from './$types';

// The app is a client-side SPA behind the login: no SSR, the session cookie is checked by the API.
export const ssr = false;

export const load: LayoutLoad = async ({ fetch, url, untrack }) => {
  // A server outage rejects here and lands on the error page rather than a misleading login form.
  const session = await sessionState.load({ fetch });
  // untrack: reading url would re-run this (and re-check the session) on every in-app navigation.
  if (!session)
    redirect(
      307,
      untrack(() => loginUrl(url))
    );
  return { session };
};
