import { ApiError } from '$lib/api/api-error';
import {
  AMOUNT_TYPES,
  LogInteractionInput,
  POINTS_OF_SALE,
  SUMMARY_MAX,
  type Direction,
  type ErrorCode,
  type InteractionType,
  type LoggedInteractionDTO,
  type PointOfSale,
  type TaskDTO,
  type TicketSeverity
} from '$lib/contract';
import type { QuickLogPorts } from './followup-ports';
import { nextWorkingDayAt, parseAmount, parseWhen } from './zoned-time';

/**
 * Single-key shortcuts of the type selector, the same in English and German (the letters are the first of the
 * English word except order = "r" and complaint = "k", German "Beschwerde/Klage", since "o" and "c" are taken).
 */
export const TYPE_KEYS: Record<string, InteractionType> = {
  c: 'call',
  e: 'email',
  m: 'meeting',
  v: 'visit',
  o: 'offer',
  r: 'order',
  k: 'complaint',
  n: 'note'
};
export const KEY_OF_TYPE = Object.fromEntries(Object.entries(TYPE_KEYS).map(([k, v]) => [v, k])) as Record<
  InteractionType,
  string
>;

/** Default direction per type: a complaint comes in, a call or offer usually goes out; notes have none. */
const DEFAULT_DIRECTION: Record<InteractionType, Direction | null> = {
  call: 'outbound',
  email: 'outbound',
  meeting: null,
  visit: 'outbound',
  offer: 'outbound',
  order: 'inbound',
  complaint: 'inbound',
  note: null
};

/** A follow-up callback made with Ctrl/⌘+Enter is due the next working day at 10:00 (team time). */
const CALLBACK_HOUR = 10;

export type QuickLogField = 'summary' | 'when' | 'amount';
export type QuickLogProblem = 'required' | 'tooLong' | 'invalid' | 'future';

export interface QuickLogResult {
  item: LoggedInteractionDTO;
  callback: TaskDTO | null;
}

/**
 * The quick-log bar of a dossier: what was logged last is remembered (type and point of sale per user), "when"
 * defaults to now and accepts back-dating in words ("gestern 14:00", "-2h"), amounts in either notation.
 */
export class QuickLogState {
  #type = $state<InteractionType>('call');
  #summary = $state('');
  #when = $state('');
  #pointOfSale = $state<PointOfSale>('call_centre');
  #direction = $state<Direction | null>('outbound');
  #contactName = $state('');
  #amount = $state('');
  /** A complaint's ticket severity (sets the ticket's due time); kept across entries like the type. */
  #severity = $state<TicketSeverity>('normal');
  #problems = $state.raw<Partial<Record<QuickLogField, QuickLogProblem>>>({});
  #submitting = $state(false);
  #error = $state<ErrorCode | null>(null);

  readonly #ports: QuickLogPorts;
  readonly #dossierId: string;
  readonly #timeZone: string;
  readonly #storageKey: string;

  constructor(options: { ports: QuickLogPorts; dossierId: string; userId: string; timeZone: string }) {
    this.#ports = options.ports;
    this.#dossierId = options.dossierId;
    this.#timeZone = options.timeZone;
    // Per user: two colleagues on one shop PC each keep their own point of sale.
    this.#storageKey = `staffel.quicklog.${options.userId}`;
    this.#recall();
  }

  get type(): InteractionType {
    return this.#type;
  }
  get summary(): string {
    return this.#summary;
  }
  get when(): string {
    return this.#when;
  }
  get pointOfSale(): PointOfSale {
    return this.#pointOfSale;
  }
  get direction(): Direction | null {
    return this.#direction;
  }
  get contactName(): string {
    return this.#contactName;
  }
  get amount(): string {
    return this.#amount;
  }
  get severity(): TicketSeverity {
    return this.#severity;
  }
  /** Only complaints open a ticket, so only they carry a severity. */
  get hasSeverity(): boolean {
    return this.#type === 'complaint';
  }
  get hasAmount(): boolean {
    return AMOUNT_TYPES.includes(this.#type);
  }
  get problems(): Partial<Record<QuickLogField, QuickLogProblem>> {
    return this.#problems;
  }
  get submitting(): boolean {
    return this.#submitting;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** The instant "when" denotes right now (null = now), or null while it does not parse. */
  get whenPreview(): number | null {
    const parsed = parseWhen(this.#when, { now: this.#ports.now(), timeZone: this.#timeZone });
    return parsed.ok ? parsed.at : null;
  }

  setType(type: InteractionType): void {
    if (type === this.#type) return;
    this.#type = type;
    this.#direction = DEFAULT_DIRECTION[type];
    if (!this.hasAmount) this.#amount = '';
    this.#clearProblem('amount');
  }

  /** A single-key shortcut of the type selector; true when the key picked a type. */
  typeKey(key: string): boolean {
    const type = TYPE_KEYS[key.toLowerCase()];
    if (!type) return false;
    this.setType(type);
    return true;
  }

  setSummary(value: string): void {
    this.#summary = value;
    this.#clearProblem('summary');
  }
  setWhen(value: string): void {
    this.#when = value;
    this.#clearProblem('when');
  }
  setPointOfSale(value: PointOfSale): void {
    this.#pointOfSale = value;
    this.#ports.remember(this.#storageKey, value);
  }
  setDirection(value: Direction | null): void {
    this.#direction = value;
  }
  setContactName(value: string): void {
    this.#contactName = value;
  }
  setSeverity(value: TicketSeverity): void {
    this.#severity = value;
  }
  setAmount(value: string): void {
    this.#amount = value;
    this.#clearProblem('amount');
  }

  /** The body to send, or null with `problems` set. Pure apart from reading the clock. */
  validate(): LogInteractionInput | null {
    const problems: Partial<Record<QuickLogField, QuickLogProblem>> = {};
    const summary = this.#summary.trim();
    if (!summary) problems.summary = 'required';
    else if (summary.length > SUMMARY_MAX) problems.summary = 'tooLong';
    const when = parseWhen(this.#when, { now: this.#ports.now(), timeZone: this.#timeZone });
    if (!when.ok) problems.when = when.error;
    let amount: number | undefined;
    if (this.hasAmount && this.#amount.trim()) {
      const parsed = parseAmount(this.#amount);
      if (parsed === null) problems.amount = 'invalid';
      else amount = parsed;
    }
    this.#problems = problems;
    if (Object.keys(problems).length > 0 || !when.ok) return null;
    const parsed = LogInteractionInput.safeParse({
      type: this.#type,
      at: when.at === null ? undefined : new Date(when.at).toISOString(),
      pointOfSale: this.#pointOfSale,
      direction: this.#direction ?? undefined,
      contactName: this.#contactName.trim() || undefined,
      summary,
      amount,
      severity: this.hasSeverity ? this.#severity : undefined
    });
    if (!parsed.success) {
      this.#problems = { summary: 'invalid' };
      return null;
    }
    return parsed.data;
  }

  /**
   * Logs the interaction; with `callback` also creates a callback on the dossier for the next working day at
   * 10:00 (team time) titled by the caller. Keeps type, point of sale and contact for the next entry.
   */
  async submit(options: { callback?: { title: string } } = {}): Promise<QuickLogResult | null> {
    if (this.#submitting) return null;
    const input = this.validate();
    if (!input) return null;
    this.#submitting = true;
    this.#error = null;
    try {
      const item = await this.#ports.logInteraction({ dossierId: this.#dossierId, input });
      this.#summary = '';
      this.#when = '';
      this.#amount = '';
      this.#ports.remember(this.#storageKey, this.#pointOfSale);
      let callback: TaskDTO | null = null;
      if (options.callback) {
        // The interaction is logged either way; a failed callback only sets `error`, the entry is not lost.
        callback = await this.createCallback({ title: options.callback.title, interactionId: item.id });
      }
      return { item, callback };
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      return null;
    } finally {
      this.#submitting = false;
    }
  }

  /**
   * A callback for the next working day at 10:00 about an existing entry ("call back about the offer"), made
   * from the timeline. Resolves null with `error` set when the server refuses.
   */
  async createCallback(options: { title: string; interactionId?: string }): Promise<TaskDTO | null> {
    this.#error = null;
    try {
      return await this.#ports.createTask({
        input: {
          dossierId: this.#dossierId,
          kind: 'callback',
          title: options.title,
          dueAt: new Date(this.defaultCallbackDue()).toISOString(),
          interactionId: options.interactionId
        }
      });
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      return null;
    }
  }

  defaultCallbackDue(): number {
    return nextWorkingDayAt({ now: this.#ports.now(), timeZone: this.#timeZone, hour: CALLBACK_HOUR });
  }

  #recall(): void {
    const stored = this.#ports.recall(this.#storageKey);
    if (stored && (POINTS_OF_SALE as readonly string[]).includes(stored)) this.#pointOfSale = stored as PointOfSale;
  }

  #clearProblem(field: QuickLogField): void {
    if (!this.#problems[field]) return;
    const { [field]: _drop, ...rest } = this.#problems;
    this.#problems = rest;
  }
}
