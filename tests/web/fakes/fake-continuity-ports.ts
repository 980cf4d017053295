import { ApiError } from '../../../src/lib/api/api-error';
import type {
  AbsenceDTO,
  AbsenceListQuery,
  DeskDTO,
  PatchAbsenceInput,
  RecordAbsenceInput,
  SetDeputyInput,
  UserSummaryDTO
} from '../../../src/lib/contract';
import type { AbsencePorts, DeputyPorts, DeskPorts } from '../../../src/lib/state/continuity-ports';
import { FakeTimers } from './fake-timers';

export const emptyDesk = (): DeskDTO => ({
  own: [],
  ownTotal: 0,
  covering: [],
  coveringTotal: 0,
  coveringBy: [],
  tasks: [],
  handoffs: [],
  gaps: [],
  myAbsence: null
});

/** An absence with plausible defaults. */
export function absence(over: Partial<AbsenceDTO> & { id: string; from: string; to: string }): AbsenceDTO {
  return {
    userId: 'lena',
    userName: 'Lena Vogt',
    kind: 'vacation',
    handToId: null,
    handToName: null,
    note: null,
    status: 'planned',
    endedAt: null,
    createdById: 'lena',
    createdAt: '2026-11-01T08:00:00.000Z',
    ...over
  };
}

/** The desk's ports: a desk the test sets, pushes it fires, answers it can hold to test coalescing. */
export class FakeDeskServer implements DeskPorts {
  readonly clock: FakeTimers;
  desk: DeskDTO = emptyDesk();
  fetches = 0;
  opened: string[] = [];
  isConnected = true;
  hold = false;
  missing = false;
  #held: Array<() => void> = [];
  #pushes = new Set<() => void>();
  #connection = new Set<(connected: boolean) => void>();

  constructor(start: string) {
    this.clock = new FakeTimers(start);
  }
  now = (): number => this.clock.now;
  setTimeout = (run: () => void, ms: number): unknown => this.clock.setTimeout(run, ms);
  clearTimeout = (id: unknown): void => this.clock.clearTimeout(id);
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** The coveringLimit of each fetch, in order (undefined: the full desk). */
  coveringLimits: Array<number | undefined> = [];
  /** The ownLimit of each fetch, in order. */
  ownLimits: Array<number | undefined> = [];

  getDesk = (options: { coveringLimit?: number; ownLimit?: number; signal?: AbortSignal }): Promise<DeskDTO> => {
    this.fetches++;
    this.coveringLimits.push(options.coveringLimit);
    this.ownLimits.push(options.ownLimit);
    // As the server: only the first coveringLimit covering rows and ownLimit own ones; the totals stay.
    const snapshot = structuredClone(this.desk);
    if (options.coveringLimit !== undefined) snapshot.covering = snapshot.covering.slice(0, options.coveringLimit);
    snapshot.ownTotal = snapshot.own.length;
    if (options.ownLimit !== undefined) snapshot.own = snapshot.own.slice(0, options.ownLimit);
    return new Promise((resolve, reject) => {
      const answer = () => {
        if (options.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
        else if (this.missing) reject(new ApiError({ code: 'not_found', message: 'no desk', status: 404 }));
        else resolve(snapshot);
      };
      if (this.hold) this.#held.push(answer);
      else answer();
    });
  };
  release(): void {
    const held = this.#held.splice(0);
    held.forEach((answer) => answer());
  }
  onDeskChanged = (handler: () => void): (() => void) => {
    this.#pushes.add(handler);
    return () => this.#pushes.delete(handler);
  };
  onConnection = (handler: (connected: boolean) => void): (() => void) => {
    this.#connection.add(handler);
    return () => this.#connection.delete(handler);
  };
  connected = (): boolean => this.isConnected;
  open = (href: string): void => {
    this.opened.push(href);
  };
  push(): void {
    for (const handler of this.#pushes) handler();
  }
  setConnected(connected: boolean): void {
    this.isConnected = connected;
    for (const handler of this.#connection) handler(connected);
  }
}

/** The absences' ports over an in-memory list; records what was sent. */
export class FakeAbsenceServer implements AbsencePorts {
  items: AbsenceDTO[] = [];
  users: UserSummaryDTO[] = [];
  queries: AbsenceListQuery[] = [];
  recorded: RecordAbsenceInput[] = [];
  patched: Array<{ absenceId: string; input: PatchAbsenceInput }> = [];
  failNext: ApiError | null = null;
  #pushes = new Set<() => void>();
  #next = 1;

  constructor(readonly clock: FakeTimers) {}

  now = (): number => this.clock.now;
  listAbsences = async (options: { query: AbsenceListQuery }): Promise<AbsenceDTO[]> => {
    this.queries.push(options.query);
    return structuredClone(this.items);
  };
  recordAbsence = async (options: { input: RecordAbsenceInput }): Promise<AbsenceDTO> => {
    this.#maybeFail();
    this.recorded.push(options.input);
    const user = this.users.find((u) => u.id === options.input.userId);
    const from = options.input.from ?? new Date(this.clock.now).toISOString();
    const created = absence({
      id: `a${this.#next++}`,
      userId: options.input.userId,
      userName: user?.name ?? options.input.userId,
      kind: options.input.kind,
      from,
      to: options.input.to,
      handToId: options.input.handToId ?? null,
      handToName: this.users.find((u) => u.id === options.input.handToId)?.name ?? null,
      note: options.input.note ?? null,
      status: Date.parse(from) <= this.clock.now ? 'active' : 'planned'
    });
    this.items.push(created);
    return created;
  };
  patchAbsence = async (options: { absenceId: string; input: PatchAbsenceInput }): Promise<AbsenceDTO> => {
    this.#maybeFail();
    this.patched.push(options);
    const index = this.items.findIndex((a) => a.id === options.absenceId);
    const { handToId, ...rest } = options.input;
    this.items[index] = { ...this.items[index], ...rest, ...(handToId !== undefined ? { handToId } : {}) };
    return structuredClone(this.items[index]);
  };
  endAbsence = async (options: { absenceId: string }): Promise<AbsenceDTO> => {
    this.#maybeFail();
    const index = this.items.findIndex((a) => a.id === options.absenceId);
    const endedAt = new Date(this.clock.now).toISOString();
    this.items[index] = { ...this.items[index], status: 'ended', endedAt };
    return structuredClone(this.items[index]);
  };
  listUsers = async (): Promise<UserSummaryDTO[]> => this.users;
  onDeskChanged = (handler: () => void): (() => void) => {
    this.#pushes.add(handler);
    return () => this.#pushes.delete(handler);
  };
  push(): void {
    for (const handler of this.#pushes) handler();
  }
  #maybeFail(): void {
    const fail = this.failNext;
    this.failNext = null;
    if (fail) throw fail;
  }
}

export class FakeDeputyServer implements DeputyPorts {
  users: UserSummaryDTO[] = [];
  sets: Array<{ userId: string; input: SetDeputyInput }> = [];
  failNext: ApiError | null = null;
  listUsers = async (): Promise<UserSummaryDTO[]> => this.users;
  setDeputy = async (options: { userId: string; input: SetDeputyInput }): Promise<unknown> => {
    const fail = this.failNext;
    this.failNext = null;
    if (fail) throw fail;
    this.sets.push(options);
    // Like the server: the next GET /api/users lists the new deputy.
    this.users = this.users.map((u) => (u.id === options.userId ? { ...u, deputyId: options.input.deputyId } : u));
    return { userId: options.userId, deputyId: options.input.deputyId };
  };
}
