import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, Role, UserSummaryDTO } from '$lib/contract';
import type { DeputyPorts } from './continuity-ports';

/**
 * "My deputy" on the settings page (issue #9): the person who acts for my dossiers when I am away and no
 * hand-to or stand-in is available (coverage rule C3c). Managers and admins also set it for their team.
 */
export class DeputyState {
  #users = $state.raw<UserSummaryDTO[]>([]);
  #deputies = $state.raw<Record<string, string | null>>({});
  #loaded = $state(false);
  #error = $state<ErrorCode | null>(null);
  #saving = $state<string | null>(null);
  #saved = $state<string | null>(null);
  #failed = $state<{ userId: string; code: ErrorCode } | null>(null);

  readonly #ports: DeputyPorts;
  readonly userId: string;
  readonly role: Role;

  constructor(options: { ports: DeputyPorts; userId: string; role: Role }) {
    this.#ports = options.ports;
    this.userId = options.userId;
    this.role = options.role;
  }

  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get managesOthers(): boolean {
    return this.role === 'manager' || this.role === 'admin';
  }
  /** Colleagues whose deputy I may set besides my own (managers: their team; admins: everyone listed). */
  get members(): UserSummaryDTO[] {
    if (!this.managesOthers) return [];
    return this.#users.filter((u) => u.id !== this.userId && u.role !== 'viewer');
  }
  /**
   * Who can be a deputy for `userId`: anyone active who can act for a dossier, not the person themself. A
   * deactivated current deputy is still listed so the picker shows who it is (and can be changed away from).
   */
  candidates(userId: string): UserSummaryDTO[] {
    const current = this.deputyOf(userId);
    return this.#users.filter((u) => u.id !== userId && u.role !== 'viewer' && (u.active || u.id === current));
  }
  deputyOf(userId: string): string | null {
    return this.#deputies[userId] ?? null;
  }
  savingFor(userId: string): boolean {
    return this.#saving === userId;
  }
  savedFor(userId: string): boolean {
    return this.#saved === userId;
  }
  errorFor(userId: string): ErrorCode | null {
    return this.#failed?.userId === userId ? this.#failed.code : null;
  }

  async load(): Promise<void> {
    try {
      // GET /api/users carries each colleague's deputyId, so the picker starts at the current deputy.
      const users = await this.#ports.listUsers();
      this.#users = [...users].sort((a, b) => a.name.localeCompare(b.name));
      this.#deputies = Object.fromEntries(users.map((u) => [u.id, u.deputyId ?? null]));
      this.#loaded = true;
      this.#error = null;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
    }
  }

  /** PUT /api/users/:id/deputy; the picker shows the choice at once and goes back if the server refuses. */
  async set(options: { userId: string; deputyId: string | null }): Promise<boolean> {
    const before = this.deputyOf(options.userId);
    this.#deputies = { ...this.#deputies, [options.userId]: options.deputyId };
    this.#saving = options.userId;
    this.#saved = null;
    this.#failed = null;
    try {
      await this.#ports.setDeputy({ userId: options.userId, input: { deputyId: options.deputyId } });
      this.#saved = options.userId;
      return true;
    } catch (err) {
      this.#deputies = { ...this.#deputies, [options.userId]: before };
      this.#failed = { userId: options.userId, code: err instanceof ApiError ? err.code : 'internal' };
      return false;
    } finally {
      if (this.#saving === options.userId) this.#saving = null;
    }
  }
}
