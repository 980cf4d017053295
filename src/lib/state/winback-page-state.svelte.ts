import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, PremiumPage, SleepingPage, WinbackBoardDTO, WinbackDTO } from '$lib/contract';
import { PREMIUM_TAG } from '$lib/contract';

/** What the win-back page needs of the network (tests pass a fake). */
export interface WinbackPagePorts {
  sleeping(sort: 'value' | 'warmth'): Promise<SleepingPage>;
  board(): Promise<WinbackBoardDTO>;
  premium(share?: number): Promise<PremiumPage>;
  sweep(): Promise<{ marked: number }>;
  start(dossierId: string): Promise<WinbackDTO>;
  patch(dossierId: string, body: { tags?: string[]; keyAccountManagerId?: string | null }): Promise<unknown>;
}

export type WinbackTab = 'sleeping' | 'board' | 'premium';

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiError ? error.code : 'internal');

/**
 * The win-back page (issue #11): the sleeping customers (ranked, with "start win-back"), the managers' board of
 * open win-backs by step, and the premium list with its suggestions. Each tab loads when first shown.
 */
export class WinbackPageState {
  #tab = $state<WinbackTab>('sleeping');
  #sort = $state<'value' | 'warmth'>('value');
  #share = $state<number | undefined>(undefined);
  #sleeping = $state.raw<SleepingPage | null>(null);
  #board = $state.raw<WinbackBoardDTO | null>(null);
  #premium = $state.raw<PremiumPage | null>(null);
  #error = $state<ErrorCode | null>(null);
  #notice = $state<{ key: 'sweepDone' | 'started'; count?: number; company?: string } | null>(null);
  #busy = $state<string | null>(null);
  readonly #ports: WinbackPagePorts;

  constructor(options: { ports: WinbackPagePorts; tab?: WinbackTab }) {
    this.#ports = options.ports;
    if (options.tab) this.#tab = options.tab;
  }

  get tab(): WinbackTab {
    return this.#tab;
  }
  get sort(): 'value' | 'warmth' {
    return this.#sort;
  }
  get share(): number | undefined {
    return this.#share ?? this.#premium?.share;
  }
  get sleeping(): SleepingPage | null {
    return this.#sleeping;
  }
  get board(): WinbackBoardDTO | null {
    return this.#board;
  }
  get premium(): PremiumPage | null {
    return this.#premium;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get notice() {
    return this.#notice;
  }
  /** The dossier (or 'sweep') an action is running for; its button is disabled meanwhile. */
  get busy(): string | null {
    return this.#busy;
  }

  async show(tab: WinbackTab): Promise<void> {
    this.#tab = tab;
    await this.load();
  }

  async load(): Promise<void> {
    this.#error = null;
    try {
      if (this.#tab === 'sleeping') this.#sleeping = await this.#ports.sleeping(this.#sort);
      else if (this.#tab === 'board') this.#board = await this.#ports.board();
      else this.#premium = await this.#ports.premium(this.#share);
    } catch (error) {
      this.#error = codeOf(error);
    }
  }

  async setSort(sort: 'value' | 'warmth'): Promise<void> {
    this.#sort = sort;
    await this.load();
  }

  async setShare(share: number): Promise<void> {
    if (!(share > 0 && share <= 1)) return;
    this.#share = share;
    await this.load();
  }

  async sweep(): Promise<void> {
    await this.#run('sweep', async () => {
      const { marked } = await this.#ports.sweep();
      this.#notice = { key: 'sweepDone', count: marked };
      await this.load();
    });
  }

  /** Starts a win-back on a dormant customer; it leaves the sleeping list and appears on the board. */
  async start(dossierId: string): Promise<WinbackDTO | null> {
    let started: WinbackDTO | null = null;
    await this.#run(dossierId, async () => {
      started = await this.#ports.start(dossierId);
      this.#notice = { key: 'started', company: started.company };
      if (this.#sleeping) {
        const items = this.#sleeping.items.filter((i) => i.dossierId !== dossierId);
        this.#sleeping = { ...this.#sleeping, items, total: this.#sleeping.total - 1 };
      }
    });
    return started;
  }

  async addPremiumTag(dossierId: string): Promise<void> {
    const row = this.#premium?.items.find((i) => i.dossierId === dossierId);
    if (!row) return;
    await this.#run(dossierId, async () => {
      await this.#ports.patch(dossierId, { tags: [...row.tags, PREMIUM_TAG] });
      await this.load();
    });
  }

  async setKeyAccountManager(dossierId: string): Promise<void> {
    const row = this.#premium?.items.find((i) => i.dossierId === dossierId);
    if (!row?.suggestKeyAccountManagerId) return;
    await this.#run(dossierId, async () => {
      await this.#ports.patch(dossierId, { keyAccountManagerId: row.suggestKeyAccountManagerId });
      await this.load();
    });
  }

  async #run(key: string, work: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = key;
    this.#error = null;
    try {
      await work();
    } catch (error) {
      this.#error = codeOf(error);
    } finally {
      this.#busy = null;
    }
  }
}
