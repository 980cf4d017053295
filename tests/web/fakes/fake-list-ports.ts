import { ApiError } from '../../../src/lib/api/api-error';
import type { ListDossiersParams } from '../../../src/lib/api/dossier-api';
import {
  companySortKey,
  dossierSearchText,
  searchWords,
  type DossierPage,
  type DossierSummaryDTO,
  type UserSummaryDTO
} from '../../../src/lib/contract';
import type { ListPorts } from '../../../src/lib/state/dossier-list-ports';
import { FakeTimers } from './fake-timers';

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A summary row with plausible defaults. */
export function summary(over: Partial<DossierSummaryDTO> & { id: string }): DossierSummaryDTO {
  return {
    teamId: 't1',
    ownerId: 'u1',
    ownerName: 'Anna',
    company: `Firma ${over.id}`,
    street: '',
    postalCode: '',
    city: 'Berlin',
    industry: '',
    stage: 'lead',
    tags: [],
    contactNames: [],
    updatedAt: '2025-01-01T00:00:00.000Z',
    keyAccountManagerId: null,
    standInIds: [],
    actingOwnerId: over.ownerId ?? 'u1',
    actingOwnerName: over.ownerName ?? 'Anna',
    coverage: null,
    ...over
  };
}

/**
 * The list's ports over an in-memory "server": its rows, filtered and ordered the way the stores promise
 * (DS5-DS7), computed here independently of the state's own comparator (byte order of the sort key, as SQLite
 * compares). Records navigations as a browser history would, and can hold responses to test races.
 */
export class FakeListPorts implements ListPorts {
  rows: DossierSummaryDTO[] = [];
  users: UserSummaryDTO[] = [];
  offline = false;
  openedHereRows: DossierSummaryDTO[] = [];
  /** Every listDossiers call's params, in call order. */
  calls: ListDossiersParams[] = [];
  /** While true, listDossiers answers only when the test calls release(). */
  hold = false;
  #held: Array<() => void> = [];
  /** Browser history: entries of search strings and the index shown. */
  history: string[] = [''];
  at = 0;
  readonly timers = new FakeTimers();
  #changed = new Set<(d: DossierSummaryDTO) => void>();
  #reconnect = new Set<() => void>();
  #online = new Set<() => void>();

  /** The page the server would answer for these params (cursor = offset). */
  page(params: ListDossiersParams): DossierPage {
    const words = searchWords(params.q ?? '');
    const hits = this.rows
      .filter((d) => !params.stage || d.stage === params.stage)
      .filter((d) => !params.owner || d.ownerId === params.owner)
      .filter((d) => !params.tag || d.tags.includes(params.tag))
      .filter((d) => words.every((w) => dossierSearchText(d).includes(w)))
      .sort((a, b) =>
        params.sort === 'updated'
          ? Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || byBytes(a.id, b.id)
          : byBytes(companySortKey(a.company), companySortKey(b.company)) || byBytes(a.id, b.id)
      );
    const from = params.cursor ? Number(params.cursor) : 0;
    const limit = params.limit ?? 50;
    const items = hits.slice(from, from + limit);
    return { items, nextCursor: from + limit < hits.length ? String(from + limit) : null };
  }

  listDossiers = (options: { params: ListDossiersParams; signal?: AbortSignal }): Promise<DossierPage> => {
    this.calls.push(options.params);
    const answer = () =>
      this.offline
        ? Promise.reject(new ApiError({ code: 'internal', message: 'network unreachable', status: 0 }))
        : Promise.resolve(structuredClone(this.page(options.params)));
    if (!this.hold) return answer();
    return new Promise((resolve, reject) => this.#held.push(() => answer().then(resolve, reject)));
  };

  /** Answers the held call number `index` (0 = oldest still held). */
  release(index = 0): void {
    const [run] = this.#held.splice(index, 1);
    run?.();
  }

  listUsers = async () => this.users;

  onDossierChanged = (handler: (d: DossierSummaryDTO) => void) => {
    this.#changed.add(handler);
    return () => void this.#changed.delete(handler);
  };
  onReconnect = (handler: () => void) => {
    this.#reconnect.add(handler);
    return () => void this.#reconnect.delete(handler);
  };
  onOnline = (handler: () => void) => {
    this.#online.add(handler);
    return () => void this.#online.delete(handler);
  };

  /** The server changed or created a row and pushes it, as `dossier:changed` does. */
  push(row: DossierSummaryDTO): void {
    this.rows = [...this.rows.filter((d) => d.id !== row.id), row];
    for (const handler of this.#changed) handler(structuredClone(row));
  }

  goOnline(): void {
    this.offline = false;
    for (const handler of this.#online) handler();
  }

  get listeners(): number {
    return this.#changed.size + this.#reconnect.size + this.#online.size;
  }

  openedHere = () => structuredClone(this.openedHereRows);

  navigate = (search: string, options: { replace: boolean }) => {
    if (options.replace) this.history[this.at] = search;
    else this.history = [...this.history.slice(0, ++this.at), search];
  };

  /** The browser's Back button: the URL the state must now show. */
  back(): URLSearchParams {
    this.at = Math.max(0, this.at - 1);
    return new URLSearchParams(this.history[this.at]);
  }

  setTimeout = this.timers.setTimeout;
  clearTimeout = this.timers.clearTimeout;
}
