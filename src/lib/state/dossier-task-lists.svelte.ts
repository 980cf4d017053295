import { SvelteMap } from 'svelte/reactivity';
import type { TaskListState } from './task-list-state.svelte';

/**
 * The follow-up list the strip of each open dossier keeps (DossierTaskStrip), shared so the dossier header can
 * count its open tickets from the same data and the same live pushes instead of fetching the tasks a second time.
 */
const lists = new SvelteMap<string, TaskListState>();

/** Makes `list` the shared list of the dossier until the returned function is called. */
export function shareDossierTaskList(options: { dossierId: string; list: TaskListState }): () => void {
  const { dossierId, list } = options;
  lists.set(dossierId, list);
  return () => {
    // A newer strip of the same dossier (re-mounted) may already have replaced it.
    if (lists.get(dossierId) === list) lists.delete(dossierId);
  };
}

/** Open tickets (kind ticket, status open or in progress) of the dossier; 0 while its strip has not loaded. */
export function openTicketCount(dossierId: string): number {
  const list = lists.get(dossierId);
  return list ? list.items.filter((t) => t.kind === 'ticket' && t.status !== 'done').length : 0;
}
