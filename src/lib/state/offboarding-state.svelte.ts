import { ApiError } from '$lib/api/api-error';
import type {
  ErrorCode,
  OffboardingDTO,
  OffboardingInput,
  OffboardingItemDTO,
  OffboardingItemKind,
  OffboardingRefusalDTO,
  OffboardingResultDTO,
  UserSummaryDTO
} from '$lib/contract';
import { OFFBOARDING_ITEM_KINDS } from '$lib/contract';

export interface OffboardingPorts {
  getOffboarding(options: { userId: string }): Promise<OffboardingDTO>;
  finishOffboarding(options: { userId: string; input: OffboardingInput }): Promise<OffboardingResultDTO>;
  listUsers(): Promise<UserSummaryDTO[]>;
}

const keyOf = (item: Pick<OffboardingItemDTO, 'kind' | 'id'>) => `${item.kind}:${item.id}`;

/**
 * The guided offboarding of one colleague (admins): what they hold, grouped by kind, one picker per item, bulk
 * fills (default deputy, round-robin over the team) and Finish once nothing is left. The pickers only fill in
 * explicit assignments: Finish sends every item's choice, so what the admin sees is exactly what the server
 * checks (OB2) — and its 409/400 lists are shown as they come.
 */
export class OffboardingState {
  #dto = $state.raw<OffboardingDTO | null>(null);
  #users = $state.raw<UserSummaryDTO[]>([]);
  #choices = $state.raw<ReadonlyMap<string, string>>(new Map());
  #error = $state<ErrorCode | null>(null);
  #refusal = $state.raw<OffboardingRefusalDTO | null>(null);
  #finishing = $state(false);
  #result = $state.raw<OffboardingResultDTO | null>(null);
  readonly #ports: OffboardingPorts;
  readonly #userId: string;

  constructor(options: { ports: OffboardingPorts; userId: string }) {
    this.#ports = options.ports;
    this.#userId = options.userId;
  }

  get dto(): OffboardingDTO | null {
    return this.#dto;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get refusal(): OffboardingRefusalDTO | null {
    return this.#refusal;
  }
  get finishing(): boolean {
    return this.#finishing;
  }
  get result(): OffboardingResultDTO | null {
    return this.#result;
  }
  get items(): OffboardingItemDTO[] {
    return this.#dto?.items ?? [];
  }
  /** Items by kind, in the contract's order, kinds without items left out. */
  get groups(): Array<{ kind: OffboardingItemKind; items: OffboardingItemDTO[] }> {
    return OFFBOARDING_ITEM_KINDS.map((kind) => ({ kind, items: this.items.filter((i) => i.kind === kind) })).filter(
      (g) => g.items.length > 0
    );
  }
  get unassigned(): OffboardingItemDTO[] {
    return this.items.filter((i) => !this.#choices.has(keyOf(i)));
  }
  get assignedCount(): number {
    return this.items.length - this.unassigned.length;
  }
  get canFinish(): boolean {
    return this.#dto !== null && this.#dto.active && this.unassigned.length === 0 && !this.#finishing;
  }
  get deputy(): UserSummaryDTO | null {
    return this.#users.find((u) => u.id === this.#dto?.deputyId) ?? null;
  }
  /** Whether the deputy rule would place anything (false without an active deputy). */
  get hasSuggestions(): boolean {
    return this.items.some((i) => i.suggestedToId !== null);
  }

  choiceOf(item: OffboardingItemDTO): string {
    return this.#choices.get(keyOf(item)) ?? '';
  }

  /** Who may take the item (OB2 as far as the client knows it; the server checks again), by name. */
  candidatesFor(item: OffboardingItemDTO): UserSummaryDTO[] {
    return this.#users
      .filter(
        (u) =>
          u.active &&
          u.id !== this.#userId &&
          u.role !== 'viewer' &&
          !item.notToIds.includes(u.id) &&
          (item.teamId === null || u.teamIds.includes(item.teamId))
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  nameOf(userId: string | null): string {
    return this.#users.find((u) => u.id === userId)?.name ?? '';
  }

  async load(): Promise<void> {
    this.#error = null;
    try {
      const [dto, users] = await Promise.all([
        this.#ports.getOffboarding({ userId: this.#userId }),
        this.#ports.listUsers()
      ]);
      this.#users = users;
      this.#dto = dto;
      // Keep choices that still apply (a reload after a refusal keeps the admin's work).
      const held = new Set(dto.items.map(keyOf));
      this.#choices = new Map([...this.#choices].filter(([k]) => held.has(k)));
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
    }
  }

  assign(item: OffboardingItemDTO, toUserId: string): void {
    const next = new Map(this.#choices);
    if (toUserId) next.set(keyOf(item), toUserId);
    else next.delete(keyOf(item));
    this.#choices = next;
  }

  /** Fills every still-empty picker with the default deputy where the server suggested them. */
  fillFromDeputy(): void {
    const next = new Map(this.#choices);
    for (const item of this.items) {
      if (!next.has(keyOf(item)) && item.suggestedToId) next.set(keyOf(item), item.suggestedToId);
    }
    this.#choices = next;
  }

  /**
   * Fills every still-empty picker by turns over each team's active reps (by name), exactly like the server's
   * OB5: one turn counter per team (items without a team: the leaving user's teams), skipping who may not take
   * the item. Only a preview: Finish sends the filled choices as explicit assignments.
   */
  fillRoundRobin(): void {
    const next = new Map(this.#choices);
    const turns = new Map<string, number>();
    const ownTeams = this.#dto?.teamIds ?? [];
    const reps = this.#users
      .filter((u) => u.role === 'rep' && u.active && u.id !== this.#userId)
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    for (const item of this.items) {
      if (next.has(keyOf(item))) continue;
      const teams = item.teamId ? [item.teamId] : ownTeams;
      const pool = reps.filter((u) => u.teamIds.some((t) => teams.includes(t)));
      const eligible = new Set(this.candidatesFor(item).map((u) => u.id));
      const key = item.teamId ?? '*';
      const start = turns.get(key) ?? 0;
      for (let i = 0; i < pool.length; i++) {
        const pick = pool[(start + i) % pool.length];
        if (!eligible.has(pick.id)) continue;
        next.set(keyOf(item), pick.id);
        turns.set(key, start + i + 1);
        break;
      }
    }
    this.#choices = next;
  }

  clear(): void {
    this.#choices = new Map();
  }

  async finish(note: string): Promise<boolean> {
    if (!this.canFinish) return false;
    this.#finishing = true;
    this.#refusal = null;
    this.#error = null;
    try {
      const assignments = this.items.map((i) => ({ kind: i.kind, id: i.id, toUserId: this.#choices.get(keyOf(i))! }));
      const trimmed = note.trim();
      this.#result = await this.#ports.finishOffboarding({
        userId: this.#userId,
        input: { assignments, ...(trimmed ? { note: trimmed } : {}) }
      });
      return true;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      if (err instanceof ApiError && (err.code === 'conflict' || err.code === 'invalid') && err.details) {
        this.#refusal = err.details as OffboardingRefusalDTO;
        // The server knows better what is held now (a colleague may have added a task meanwhile).
        await this.load();
        this.#error = err.code;
      }
      return false;
    } finally {
      this.#finishing = false;
    }
  }
}
