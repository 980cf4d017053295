/** Identity: users, teams, sessions and login. The only public face of the feature. */
export { createAuthService, type AuthService, type Authenticated } from './auth.service';
export { createUserService, type UserService } from './user.service';
export { createIdentityRoutes } from './identity.routes';
export { registerPresenceSocket, type PresenceLocation } from './presence.socket';
export { createIdentityJobs } from './identity.jobs';
export { sessionMiddleware, requireAuth } from './session-http';
export { readSessionToken } from './session-cookie';
export type { UserStore } from './user-store';
export type { SessionStore } from './session-store';
