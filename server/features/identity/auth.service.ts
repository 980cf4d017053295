import { createHmac, randomBytes } from 'node:crypto';
import { teamCalendar } from '../../kernel/team-calendar';
import type { SessionDTO, UserDTO } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { Session, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { PasswordHasher } from '../../ports/password-hasher';
import type { SessionStore } from './session-store';
import type { UserStore } from './user-store';
import type { EventOutbox } from '../feed';

export interface Authenticated {
  user: User;
  session: Session;
}

export interface AuthService {
  /** Verifies the credentials and opens a session; the token goes into the cookie, only its HMAC is stored. */
  login(input: { email: string; password: string }): Promise<{ token: string; auth: Authenticated }>;
  /** Resolves the session behind a cookie token, sliding its idle expiry; null when absent or expired. */
  authenticate(token: string | undefined): Promise<Authenticated | null>;
  logout(token: string | undefined): Promise<void>;
  /** Deletes expired sessions (authenticate only removes the ones that are presented again). */
  sweepExpired(): Promise<number>;
  toDTO(auth: Authenticated): Promise<SessionDTO>;
}

/** Touching the store on every request would make each GET a write; refresh at most this often. */
const TOUCH_EVERY_MS = 60_000;

export function createAuthService(deps: {
  users: UserStore;
  sessions: SessionStore;
  hasher: PasswordHasher;
  clock: Clock;
  events: EventOutbox;
  sessionSecret: string;
  idleMs: number;
  maxAgeMs: number;
}): AuthService {
  const { hasher, clock } = deps;
  const store = { users: deps.users, sessions: deps.sessions };
  const sessionId = (token: string) => createHmac('sha256', deps.sessionSecret).update(token).digest('base64url');
  // Verified against when the email is unknown, so a miss costs the same time as a wrong password.
  const dummyHash = hasher.hash(randomBytes(16).toString('hex'));

  return {
    async login({ email, password }) {
      const user = await store.users.findUserByEmail(email);
      const ok = user
        ? await hasher.verify(user.passwordHash, password)
        : await hasher.verify(await dummyHash, password);
      if (!user || !ok) throw new DomainError('unauthenticated', 'email or password is wrong');
      // Said only after the password matched, so it reveals nothing to someone guessing addresses.
      if (user.deactivatedAt !== null) {
        throw new DomainError('unauthenticated', 'this account was deactivated: ask an administrator');
      }
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const absoluteExpiresAt = now + deps.maxAgeMs;
      const session: Session = {
        id: sessionId(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: Math.min(now + deps.idleMs, absoluteExpiresAt),
        absoluteExpiresAt
      };
      const started = deps.events.event('session.started', {
        actorId: user.id,
        teamId: null,
        dossierId: null,
        data: { sessionId: session.id }
      });
      await store.sessions.create(session, [started]);
      deps.events.committed();
      return { token, auth: { user, session } };
    },

    async authenticate(token) {
      if (!token || token.length > 200) return null;
      const session = await store.sessions.get(sessionId(token));
      const now = clock.now();
      if (!session) return null;
      if (session.expiresAt <= now) {
        // Expiry is not a logout: nothing is live on an expired session (transports check expiry themselves).
        await store.sessions.delete(session.id, []);
        return null;
      }
      const user = await store.users.getUser(session.userId);
      if (!user) return null;
      // Offboarding deletes the sessions right after deactivating; this covers the moment between (and a crash).
      if (user.deactivatedAt !== null) return null;
      if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
        session.lastSeenAt = now;
        session.expiresAt = Math.min(now + deps.idleMs, session.absoluteExpiresAt);
        await store.sessions.touch(session.id, session.lastSeenAt, session.expiresAt);
      }
      return { user, session };
    },

    async logout(token) {
      if (!token || token.length > 200) return;
      const id = sessionId(token);
      const session = await store.sessions.get(id);
      if (!session) return;
      // Transports close this session's live connections when they see the event. The store writes it only
      // if it deleted the row, so a double logout ends the session once.
      const ended = deps.events.event('session.ended', {
        actorId: session.userId,
        teamId: null,
        dossierId: null,
        data: { sessionId: id }
      });
      await store.sessions.delete(id, [ended]);
      deps.events.committed();
    },

    sweepExpired: () => store.sessions.deleteExpired(clock.now()),

    async toDTO({ user, session }) {
      const teams = await store.users.getTeams(user.teamIds);
      const dto: UserDTO = {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        locale: user.locale,
        teams: teams
          .map((t) => ({ id: t.id, name: t.name, timeZone: teamCalendar(t).timeZone }))
          .sort((a, b) => a.name.localeCompare(b.name))
      };
      return { user: dto, expiresAt: new Date(session.expiresAt).toISOString() };
    }
  };
}
