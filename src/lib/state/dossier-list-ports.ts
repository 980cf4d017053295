import type { DossierPage, DossierSummaryDTO, UserSummaryDTO } from '$lib/contract';
import type { ListDossiersParams } from '$lib/api/dossier-api';

/**
 * What the dossier list needs from the outside world. The browser wires the REST API, the socket and the
 * offline cache (browser-ports.ts); tests pass fakes.
 */
export interface ListPorts {
  listDossiers(options: { params: ListDossiersParams; signal?: AbortSignal }): Promise<DossierPage>;
  listUsers(): Promise<UserSummaryDTO[]>;
  /** Pushed creates and changes of listed values; returns the unsubscribe. */
  onDossierChanged(handler: (dossier: DossierSummaryDTO) => void): () => void;
  /** The push channel reconnected (pushes may have been missed); returns the unsubscribe. */
  /** Pushes may have been missed (the feed could not replay a gap): refetch. */
  onReconnect(handler: () => void): () => void;
  /** The device got its network back; returns the unsubscribe. */
  onOnline(handler: () => void): () => void;
  /** Dossiers opened on this device by the signed-in user: all the list can show offline. */
  openedHere(): DossierSummaryDTO[];
  /**
   * Puts the view into the address bar (`search` without "?", '' for the default view): a new history entry,
   * or replacing the current one.
   */
  navigate(search: string, options: { replace: boolean }): void;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
