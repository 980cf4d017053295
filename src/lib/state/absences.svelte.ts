import { ApiError } from '$lib/api/api-error';
import type { AbsenceDTO, AbsenceKind, ErrorCode, PatchAbsenceInput, Role, UserSummaryDTO } from '$lib/contract';
import { absenceDays, absenceInstants, addDays, type EndHalf, type StartHalf } from './absence-days';
import type { AbsencePorts } from './continuity-ports';
import { dayKey, fromLocal } from './zoned-time';

/** Six weeks ahead: what a team plans around (holiday season, a training); further out is in the list only. */
export const ABSENCE_WINDOW_WEEKS = 6;
/** Ended absences stay visible this long, so "ended early" is seen by the team that week. */
const ENDED_LOOKBACK_DAYS = 7;

export type AbsenceFormMode = { kind: 'closed' } | { kind: 'record' } | { kind: 'edit'; absenceId: string };

export interface AbsenceDraft {
  userId: string;
  kind: AbsenceKind;
  /** "Ill from now": no from, the server takes now. */
  startNow: boolean;
  fromDay: string;
  fromHalf: StartHalf;
  toDay: string;
  toHalf: EndHalf;
  handToId: string | null;
  note: string;
}

export type AbsenceFormError = 'order' | 'invalid' | 'past' | ErrorCode;

/** A bar on the weeks strip, in percent of the window. */
export interface AbsenceBar {
  left: number;
  width: number;
}

const byFrom = (a: AbsenceDTO, b: AbsenceDTO) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id);

/**
 * The team's absences from a week ago to six weeks ahead (issue #9), and the form to record, move or end
 * one. Days and half days are read in the team's time zone (absence-days.ts); the server decides status,
 * who may record for whom and who covers (the list shows what it says). Reps record their own; managers and
 * admins anyone's in their teams.
 */
export class AbsencesState {
  #items = $state.raw<AbsenceDTO[]>([]);
  #users = $state.raw<UserSummaryDTO[]>([]);
  #loaded = $state(false);
  #error = $state<ErrorCode | null>(null);
  #actionError = $state<ErrorCode | null>(null);
  #mode = $state<AbsenceFormMode>({ kind: 'closed' });
  #draft = $state<AbsenceDraft>(null as unknown as AbsenceDraft);
  #formError = $state<AbsenceFormError | null>(null);
  #saving = $state(false);
  #windowStart = $state(0);
  #windowEnd = $state(0);

  #current = $derived(this.#items.filter((a) => a.status === 'active'));
  #planned = $derived(this.#items.filter((a) => a.status === 'planned'));
  #ended = $derived(this.#items.filter((a) => a.status === 'ended'));

  readonly #ports: AbsencePorts;
  readonly userId: string;
  readonly role: Role;
  readonly timeZone: string;
  #abort: AbortController | null = null;

  constructor(options: { ports: AbsencePorts; userId: string; role: Role; timeZone: string }) {
    this.#ports = options.ports;
    this.userId = options.userId;
    this.role = options.role;
    this.timeZone = options.timeZone;
    this.#draft = this.#blankDraft();
    this.#setWindow();
  }

  get items(): AbsenceDTO[] {
    return this.#items;
  }
  get current(): AbsenceDTO[] {
    return this.#current;
  }
  get planned(): AbsenceDTO[] {
    return this.#planned;
  }
  get ended(): AbsenceDTO[] {
    return this.#ended;
  }
  get users(): UserSummaryDTO[] {
    return this.#users;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get unavailable(): boolean {
    return this.#error === 'not_found';
  }
  get actionError(): ErrorCode | null {
    return this.#actionError;
  }
  get mode(): AbsenceFormMode {
    return this.#mode;
  }
  get draft(): AbsenceDraft {
    return this.#draft;
  }
  get formError(): AbsenceFormError | null {
    return this.#formError;
  }
  get saving(): boolean {
    return this.#saving;
  }
  /** Managers and admins record for colleagues; reps only for themselves. */
  get managesOthers(): boolean {
    return this.role === 'manager' || this.role === 'admin';
  }
  /** The first day of the strip (a week ago) and the day after its last, as day keys in the team zone. */
  get windowDays(): { from: string; to: string } {
    return { from: dayKey(this.#windowStart, this.timeZone), to: dayKey(this.#windowEnd, this.timeZone) };
  }
  /** Monday keys inside the strip, with their offset in percent, for the week ticks. */
  get weekTicks(): Array<{ day: string; left: number }> {
    const ticks: Array<{ day: string; left: number }> = [];
    const { from, to } = this.windowDays;
    for (let day = from; day < to; day = addDays(day, 1)) {
      if (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) continue;
      ticks.push({ day, left: this.#percent(this.#startOf(day)) });
    }
    return ticks;
  }
  /** Where "now" is on the strip, in percent. */
  get nowAt(): number {
    return this.#percent(this.#ports.now());
  }
  /** People the form may record for. */
  get recordable(): UserSummaryDTO[] {
    const me = this.#users.find((u) => u.id === this.userId);
    if (!this.managesOthers) return me ? [me] : [];
    return this.#users;
  }
  /** Hand-to candidates: anyone who can act for a dossier, not the absent person. */
  get handToOptions(): UserSummaryDTO[] {
    return this.#users.filter((u) => u.id !== this.#draft.userId && u.role !== 'viewer');
  }

  bar(absence: AbsenceDTO): AbsenceBar {
    const end = absence.endedAt && absence.endedAt < absence.to ? absence.endedAt : absence.to;
    const left = Math.max(0, this.#percent(Date.parse(absence.from)));
    const right = Math.min(100, this.#percent(Date.parse(end)));
    return { left, width: Math.max(1.2, right - left) };
  }
  canChange(absence: AbsenceDTO): boolean {
    return absence.status !== 'ended' && (absence.userId === this.userId || this.managesOthers);
  }

  start(): () => void {
    void this.reload();
    void this.#loadUsers();
    const stop = this.#ports.onDeskChanged(() => void this.reload());
    return () => {
      stop();
      this.#abort?.abort();
    };
  }

  async reload(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#setWindow();
    try {
      const items = await this.#ports.listAbsences({
        query: { from: new Date(this.#windowStart).toISOString(), to: new Date(this.#windowEnd).toISOString() },
        signal: abort.signal
      });
      if (abort !== this.#abort) return;
      this.#items = [...items].sort(byFrom);
      this.#error = null;
      this.#loaded = true;
    } catch (err) {
      if (!abort.signal.aborted) this.#error = err instanceof ApiError ? err.code : 'internal';
    }
  }

  beginRecord(options: { illNow?: boolean; userId?: string } = {}): void {
    this.#draft = { ...this.#blankDraft(), ...(options.userId ? { userId: options.userId } : {}) };
    if (options.illNow) this.#draft = { ...this.#draft, kind: 'illness', startNow: true };
    this.#formError = null;
    this.#mode = { kind: 'record' };
  }

  beginEdit(absence: AbsenceDTO): void {
    const days = absenceDays({ from: absence.from, to: absence.to, timeZone: this.timeZone });
    this.#draft = {
      userId: absence.userId,
      kind: absence.kind,
      startNow: false,
      ...days,
      handToId: absence.handToId,
      note: absence.note ?? ''
    };
    this.#formError = null;
    this.#mode = { kind: 'edit', absenceId: absence.id };
  }

  cancel(): void {
    this.#mode = { kind: 'closed' };
    this.#formError = null;
  }

  update(patch: Partial<AbsenceDraft>): void {
    const next = { ...this.#draft, ...patch };
    // Nobody hands to themselves: choosing the absent person clears it.
    if (next.handToId === next.userId) next.handToId = null;
    // The last day follows the first when the first moves past it.
    if (patch.fromDay && next.toDay < patch.fromDay) next.toDay = patch.fromDay;
    this.#draft = next;
    this.#formError = null;
  }

  /** Records or saves the draft; false with `formError` set when it cannot. */
  async submit(): Promise<boolean> {
    const d = this.#draft;
    const mode = this.#mode;
    if (mode.kind === 'closed') return false;
    // "From now" has no start day to check against: the end is only checked against now.
    const window = absenceInstants({
      fromDay: d.startNow ? d.toDay : d.fromDay,
      fromHalf: d.startNow ? 'full' : d.fromHalf,
      toDay: d.toDay,
      toHalf: d.toHalf,
      timeZone: this.timeZone
    });
    if (!window.ok) return this.#fail(window.error);
    if (Date.parse(window.to) <= this.#ports.now()) return this.#fail('past');
    const note = d.note.trim();
    this.#saving = true;
    this.#actionError = null;
    try {
      let saved: AbsenceDTO;
      if (mode.kind === 'record') {
        saved = await this.#ports.recordAbsence({
          input: {
            userId: d.userId,
            kind: d.kind,
            ...(d.startNow ? {} : { from: window.from }),
            to: window.to,
            handToId: d.handToId,
            ...(note ? { note } : {})
          }
        });
      } else {
        const before = this.#items.find((a) => a.id === mode.absenceId);
        const input: PatchAbsenceInput = { to: window.to, handToId: d.handToId, note };
        // An active absence keeps its start and kind (the contract lets it change `to` and hand-to only).
        if (before?.status !== 'active') Object.assign(input, { kind: d.kind, from: window.from });
        saved = await this.#ports.patchAbsence({ absenceId: mode.absenceId, input });
      }
      this.#upsert(saved);
      this.#mode = { kind: 'closed' };
      return true;
    } catch (err) {
      return this.#fail(err instanceof ApiError ? err.code : 'internal');
    } finally {
      this.#saving = false;
    }
  }

  /** Ends an active absence now (or drops a planned one); the row shows the server's answer. */
  async end(absence: AbsenceDTO): Promise<boolean> {
    this.#actionError = null;
    try {
      this.#upsert(await this.#ports.endAbsence({ absenceId: absence.id }));
      if (this.#mode.kind === 'edit' && this.#mode.absenceId === absence.id) this.#mode = { kind: 'closed' };
      return true;
    } catch (err) {
      this.#actionError = err instanceof ApiError ? err.code : 'internal';
      return false;
    }
  }

  #fail(error: AbsenceFormError): false {
    this.#formError = error;
    return false;
  }

  #upsert(absence: AbsenceDTO): void {
    this.#items = [...this.#items.filter((a) => a.id !== absence.id), absence].sort(byFrom);
  }

  async #loadUsers(): Promise<void> {
    try {
      this.#users = await this.#ports.listUsers();
    } catch {
      // The pickers then offer only "me"; the list itself is unaffected.
    }
  }

  #blankDraft(): AbsenceDraft {
    const today = dayKey(this.#ports.now(), this.timeZone);
    return {
      userId: this.userId,
      kind: 'vacation',
      startNow: false,
      fromDay: today,
      fromHalf: 'full',
      toDay: today,
      toHalf: 'full',
      handToId: null,
      note: ''
    };
  }

  #startOf(day: string): number {
    const [year, month, d] = day.split('-').map(Number);
    return fromLocal({ year, month, day: d, hour: 0, minute: 0 }, this.timeZone);
  }

  #setWindow(): void {
    const today = dayKey(this.#ports.now(), this.timeZone);
    this.#windowStart = this.#startOf(addDays(today, -ENDED_LOOKBACK_DAYS));
    this.#windowEnd = this.#startOf(addDays(today, ABSENCE_WINDOW_WEEKS * 7));
  }

  #percent(ms: number): number {
    return ((ms - this.#windowStart) / (this.#windowEnd - this.#windowStart)) * 100;
  }
}
