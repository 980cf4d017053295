import { z } from 'zod';

/** viewer: reads the dossiers of their teams (support, marketing) but edits nothing. */
export const ROLES = ['rep', 'manager', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const LoginInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(1).max(256)
  })
  .strict();
export type LoginInput = z.infer<typeof LoginInput>;

export interface TeamDTO {
  id: string;
  name: string;
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
}
