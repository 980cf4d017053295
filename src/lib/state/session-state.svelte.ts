import { ApiError, createSession, deleteSession, getSession, isNetworkError, type Fetch } from '$lib/api';
import type { LoginInput, SessionDTO } from '$lib/contract';
import { clearUserOfflineData } from '$lib/offline/dossier-cache';
import { forgetSession, recallSession, rememberSession } from '$lib/offline/session-cache';
import { closeSocket } from '$lib/realtime';

/** Who is signed in. One instance per tab; the app layout fills it, components read it. */
class SessionState {
  session = $state.raw<SessionDTO | null>(null);
  /** The session is the one remembered on this device because the server could not be reached. */
  unverified = $state(false);

  get user() {
    return this.session?.user ?? null;
  }

  get primaryTeam() {
    return this.session?.user.teams[0] ?? null;
  }

  /**
   * Resolves null when nobody is signed in. When the server cannot be reached (offline on a train), the
   * last session this device saw stands in, so the rep keeps working on local copies; the server checks
   * the cookie again on reconnect. Other failures, and a network failure with nothing remembered, reject.
   */
  async load(options: { fetch?: Fetch } = {}): Promise<SessionDTO | null> {
    try {
      this.session = await getSession({ fetch: options.fetch });
      this.unverified = false;
      rememberSession(this.session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthenticated') {
        // Only the session is forgotten: unsent dossier edits stay on the device and sync after sign-in.
        forgetSession();
        this.session = null;
      } else {
        const remembered = isNetworkError(err) ? recallSession() : null;
        if (!remembered) throw err;
        this.session = remembered;
        this.unverified = true;
      }
    }
    return this.session;
  }

  async login(input: LoginInput): Promise<SessionDTO> {
    // A socket opened under a previous session would keep that identity; start clean.
    closeSocket();
    this.session = await createSession({ input });
    this.unverified = false;
    rememberSession(this.session);
    return this.session;
  }

  /**
   * Signing out also wipes this user's offline copies (shared computers). It needs the server: offline the
   * cookie could not be revoked, so the layout does not offer it then. Should the request fail anyway, the
   * local data is kept — it may hold edits the server has not seen.
   */
  async logout(): Promise<void> {
    const userId = this.user?.id;
    let signedOut = false;
    try {
      await deleteSession();
      signedOut = true;
    } catch (err) {
      signedOut = err instanceof ApiError && err.code === 'unauthenticated';
      throw err;
    } finally {
      this.session = null;
      this.unverified = false;
      forgetSession();
      closeSocket();
      if (signedOut && userId) void clearUserOfflineData(userId);
    }
  }
}

export const sessionState = new SessionState();
