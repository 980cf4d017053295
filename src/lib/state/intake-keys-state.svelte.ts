import { ApiError } from '$lib/api/api-error';
import type { CreatedIntakeKeyDTO, ErrorCode, IntakeKeyDTO } from '$lib/contract';
import type { IntakeKeyPorts } from './followup-ports';

/**
 * Intake keys of one team for its managers: list, create (the key is shown once, then only its prefix),
 * revoke after a confirmation. Revoked keys stay listed, greyed, so "which key did the web form use" is
 * answerable later.
 */
export class IntakeKeysState {
  #keys = $state.raw<IntakeKeyDTO[]>([]);
  #loading = $state(false);
  #loaded = $state(false);
  #error = $state<ErrorCode | null>(null);
  #actionError = $state<ErrorCode | null>(null);
  #created = $state.raw<CreatedIntakeKeyDTO | null>(null);
  #creating = $state(false);
  #confirmRevokeId = $state<string | null>(null);
  #revoking = $state(false);

  readonly #ports: IntakeKeyPorts;
  #teamId: string;

  constructor(options: { ports: IntakeKeyPorts; teamId: string }) {
    this.#ports = options.ports;
    this.#teamId = options.teamId;
  }

  get teamId(): string {
    return this.#teamId;
  }
  get keys(): IntakeKeyDTO[] {
    return this.#keys;
  }
  get active(): IntakeKeyDTO[] {
    return this.#keys.filter((k) => !k.revokedAt);
  }
  get revoked(): IntakeKeyDTO[] {
    return this.#keys.filter((k) => k.revokedAt);
  }
  get loading(): boolean {
    return this.#loading;
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
  /** The key just created, readable until dismissed; never stored anywhere else. */
  get created(): CreatedIntakeKeyDTO | null {
    return this.#created;
  }
  get creating(): boolean {
    return this.#creating;
  }
  get confirmRevokeId(): string | null {
    return this.#confirmRevokeId;
  }
  get revoking(): boolean {
    return this.#revoking;
  }

  setTeam(teamId: string): void {
    if (teamId === this.#teamId) return;
    this.#teamId = teamId;
    this.#created = null;
    this.#confirmRevokeId = null;
    void this.load();
  }

  async load(): Promise<void> {
    const teamId = this.#teamId;
    this.#loading = true;
    this.#error = null;
    try {
      const keys = await this.#ports.listIntakeKeys({ teamId });
      if (teamId !== this.#teamId) return;
      this.#keys = [...keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.#loaded = true;
    } catch (err) {
      if (teamId === this.#teamId) this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loading = false;
    }
  }

  async create(options: { label: string }): Promise<boolean> {
    if (this.#creating) return false;
    this.#creating = true;
    this.#actionError = null;
    try {
      const label = options.label.trim() || undefined;
      const created = await this.#ports.createIntakeKey({ teamId: this.#teamId, input: { label } });
      this.#created = created;
      const listed: IntakeKeyDTO = {
        id: created.id,
        label: created.label ?? label ?? null,
        prefix: created.prefix ?? created.key.slice(0, 8),
        createdAt: created.createdAt ?? new Date(this.#ports.now()).toISOString(),
        createdBy: created.createdBy ?? '',
        createdByName: created.createdByName,
        revokedAt: null,
        lastUsedAt: null
      };
      this.#keys = [listed, ...this.#keys.filter((k) => k.id !== created.id)];
      return true;
    } catch (err) {
      this.#actionError = err instanceof ApiError ? err.code : 'internal';
      return false;
    } finally {
      this.#creating = false;
    }
  }

  /** The person confirmed they copied it: the key is gone from memory for good. */
  dismissCreated(): void {
    this.#created = null;
  }

  askRevoke(keyId: string | null): void {
    this.#confirmRevokeId = keyId;
  }

  async revoke(keyId: string): Promise<boolean> {
    if (this.#revoking) return false;
    this.#revoking = true;
    this.#actionError = null;
    try {
      await this.#ports.revokeIntakeKey({ teamId: this.#teamId, keyId });
      const at = new Date(this.#ports.now()).toISOString();
      this.#keys = this.#keys.map((k) => (k.id === keyId ? { ...k, revokedAt: k.revokedAt ?? at } : k));
      if (this.#created?.id === keyId) this.#created = null;
      this.#confirmRevokeId = null;
      return true;
    } catch (err) {
      this.#actionError = err instanceof ApiError ? err.code : 'internal';
      return false;
    } finally {
      this.#revoking = false;
    }
  }
}
