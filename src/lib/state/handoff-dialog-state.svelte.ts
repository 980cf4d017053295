import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, HandoffDTO, UserSummaryDTO } from '$lib/contract';
import type { HandoffPorts } from './handoff-ports';

export type HandoffMode = 'temporary' | 'permanent';

/** The end of a calendar day (YYYY-MM-DD) in the browser's zone: "until Friday" means through Friday. */
export function endOfDay(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1, 0, 0, 0, 0).getTime();
}

/**
 * The "Hand over" dialog of a dossier: a colleague (not the owner, not a viewer), temporary until a day or
 * permanent, and a note. The server checks everything again; this only keeps the button honest.
 */
export class HandoffDialogState {
  #colleagues = $state.raw<UserSummaryDTO[]>([]);
  #loaded = $state(false);
  #saving = $state(false);
  #error = $state<ErrorCode | null>(null);
  toUserId = $state('');
  mode = $state<HandoffMode>('temporary');
  untilDate = $state('');
  note = $state('');

  readonly #ports: HandoffPorts;
  readonly #dossierId: string;
  readonly #ownerId: string;

  constructor(options: { ports: HandoffPorts; dossierId: string; ownerId: string }) {
    this.#ports = options.ports;
    this.#dossierId = options.dossierId;
    this.#ownerId = options.ownerId;
  }

  get colleagues(): UserSummaryDTO[] {
    return this.#colleagues;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** The instant a temporary hand-off returns, or null when none (or not in the future) is chosen. */
  get until(): number | null {
    const at = endOfDay(this.untilDate);
    return at !== null && at > this.#ports.now() ? at : null;
  }
  get canSubmit(): boolean {
    return (
      !this.#saving &&
      this.toUserId !== '' &&
      this.note.trim() !== '' &&
      (this.mode === 'permanent' || this.until !== null)
    );
  }

  /** Resets the form and loads who may receive it (once). */
  async open(): Promise<void> {
    this.toUserId = '';
    this.mode = 'temporary';
    this.untilDate = '';
    this.note = '';
    this.#error = null;
    if (this.#loaded) return;
    try {
      const users = await this.#ports.listUsers();
      this.#colleagues = users
        .filter((u) => u.role !== 'viewer' && u.active !== false && u.id !== this.#ownerId)
        .sort((a, b) => a.name.localeCompare(b.name));
      this.#loaded = true;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
    }
  }

  async submit(): Promise<HandoffDTO | null> {
    if (!this.canSubmit) return null;
    this.#saving = true;
    this.#error = null;
    try {
      const until = this.mode === 'temporary' ? this.until : null;
      return await this.#ports.createHandoff({
        dossierId: this.#dossierId,
        input: {
          toUserId: this.toUserId,
          note: this.note.trim(),
          ...(until !== null ? { until: new Date(until).toISOString() } : {})
        }
      });
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      return null;
    } finally {
      this.#saving = false;
    }
  }
}
