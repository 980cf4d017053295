/** Awareness state each client publishes; the server overwrites `user` with the authenticated identity. */
export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** Field or contact cell the user is in, e.g. `company` or `contact:<id>:phone`; null when none. */
  focus: string | null;
}
