import { ApiError, createSession, deleteSession, getSession, type Fetch } from '$lib/api';
import type { LoginInput, SessionDTO } from '$lib/contract';
import { closeSocket } from '$lib/realtime';

/** Who is signed in. One instance per tab; the app layout fills it, components read it. */
class SessionState {
  session = $state.raw<SessionDTO | null>(null);

  get user() {
    return this.session?.user ?? null;
  }

  get primaryTeam() {
    return this.session?.user.teams[0] ?? null;
  }

  /** Resolves null when nobody is signed in; other failures (server down) reject. */
  async load(options: { fetch?: Fetch } = {}): Promise<SessionDTO | null> {
    try {
      this.session = await getSession({ fetch: options.fetch });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthenticated') this.session = null;
      else throw err;
    }
    return this.session;
  }

  async login(input: LoginInput): Promise<SessionDTO> {
    // A socket opened under a previous session would keep that identity; start clean.
    closeSocket();
    this.session = await createSession({ input });
    return this.session;
  }

  async logout(): Promise<void> {
    try {
      await deleteSession();
    } finally {
      this.session = null;
      closeSocket();
    }
  }
}

export const sessionState = new SessionState();
