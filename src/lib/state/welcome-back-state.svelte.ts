import type { DigestDTO } from '$lib/contract';

/** How long after an absence ends the desk still offers its digest. */
export const WELCOME_BACK_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface WelcomeBackPorts {
  now(): number;
  /** GET /api/digest: the caller's last ended absence and what happened on their dossiers meanwhile. */
  getDigest(): Promise<DigestDTO>;
}

/**
 * The desk's "Welcome back" banner (issue #9): shown when the signed-in person's last absence ended within the
 * last week and colleagues touched their dossiers meanwhile; it links to /digest. Quiet on any error: the
 * banner is a hint, the digest page itself reports failures.
 */
export class WelcomeBackState {
  #digest = $state.raw<DigestDTO | null>(null);
  readonly #ports: WelcomeBackPorts;
  readonly userId: string;

  constructor(options: { ports: WelcomeBackPorts; userId: string }) {
    this.#ports = options.ports;
    this.userId = options.userId;
  }

  /** When the absence ended: early (endedAt) or as planned (to). */
  get endedAt(): string | null {
    const absence = this.#digest?.absence;
    if (!absence) return null;
    return absence.endedAt && absence.endedAt < absence.to ? absence.endedAt : absence.to;
  }
  get visible(): boolean {
    const digest = this.#digest;
    const ended = this.endedAt;
    if (!digest?.absence || ended === null || digest.dossiers.length === 0) return false;
    // The digest of someone else's absence (admins may ask for one) is no welcome for me.
    if (digest.absence.userId !== this.userId || digest.absence.status !== 'ended') return false;
    const since = this.#ports.now() - Date.parse(ended);
    return since >= 0 && since <= WELCOME_BACK_DAYS * DAY_MS;
  }
  get dossierCount(): number {
    return this.#digest?.dossiers.length ?? 0;
  }
  get entryCount(): number {
    return this.#digest?.dossiers.reduce((n, d) => n + d.entries.length, 0) ?? 0;
  }

  async load(): Promise<void> {
    try {
      this.#digest = await this.#ports.getDigest();
    } catch {
      this.#digest = null;
    }
  }
}
