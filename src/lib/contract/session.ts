import './zod-config';
import { z } from 'zod';

/** viewer: reads the dossiers of their teams (support, marketing) but edits nothing. */
export const ROLES = ['rep', 'manager', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The one spelling of an e-mail address: what login looks up, what rate limits key on, what stores keep.
 * NFC first, so a composed "ü" and "u" + combining diaeresis are the same address; then trim and lower-case.
 * (Both trimming and NFC keep lower-casing stable, so the order of the last two does not matter.)
 */
export function normaliseEmail(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}

export const LoginInput = z
  .object({
    // Length is checked on the raw input too, so a megabyte of padding is refused before it is normalised.
    email: z.string().max(1024).overwrite(normaliseEmail).pipe(z.email().max(254)),
    password: z.string().min(1).max(256)
  })
  .strict();
export type LoginInput = z.infer<typeof LoginInput>;

export interface TeamDTO {
  id: string;
  name: string;
  /** IANA zone the team's due times are read in (issue #8; Europe/Berlin unless the team set another). */
  timeZone?: string;
}

export interface UserDTO {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  teams: TeamDTO[];
}

export interface SessionDTO {
  user: UserDTO;
  expiresAt: string;
}

/** Cookie that authenticates REST, Socket.io and Yjs alike. */
export const SESSION_COOKIE = 'staffel_sid';

/** GET /api/users: colleagues visible to the caller (members of their teams; everyone for admins). */
export interface UserSummaryDTO {
  id: string;
  name: string;
  role: Role;
  teamIds: string[];
  /**
   * Issue #9: false once offboarded. Deactivated colleagues stay listed (names on history, filters) but are
   * never offered as assignee, deputy, stand-in or hand-to.
   */
  active: boolean;
  /**
   * Issue #9: the colleague's default deputy (coverage rule C3c), null when none is set. The server always sends
   * it; optional only so older fakes and callers that build summaries by hand stay valid.
   */
  deputyId?: string | null;
}
