import type { Locale, Role, Stage } from '../../src/lib/contract';
import type { WorkingHours } from './team-calendar';

export interface Team {
  id: string;
  name: string;
  /** Point of sale / branch the team works from. */
  site: string;
  /** IANA zone its due times and working hours are read in; stores fill Europe/Berlin when unset. */
  timeZone?: string;
  /** When the team works (escalation counts only these minutes); stores fill Mon–Fri 08:00–17:00 when unset. */
  workingHours?: WorkingHours;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  teamIds: string[];
  passwordHash: string;
  createdAt: number;
  /** Issue #9: who deputises for this person by default (coverage rule C3c); null when nobody. */
  deputyId: string | null;
  /** Issue #9: when the person was offboarded; null while active. Deactivated users cannot log in. */
  deactivatedAt: number | null;
}

export interface Session {
  /** SHA-256 of the cookie token: a leaked database row cannot be replayed as a cookie. */
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Idle expiry; slides forward on use, never past absoluteExpiresAt. */
  expiresAt: number;
  absoluteExpiresAt: number;
}

/** Authoritative, listable record of a dossier. Text values are projected from its Y.Doc. */
export interface Dossier {
  id: string;
  teamId: string;
  ownerId: string;
  company: string;
  street: string;
  postalCode: string;
  city: string;
  industry: string;
  stage: Stage;
  tags: string[];
  contactNames: string[];
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  /** Who looks after a key account (a member of the team); null when none. Required for stage key_account. */
  keyAccountManagerId: string | null;
  /** Colleagues standing in for the owner (members of the team), kept for continuity (issue #8). */
  standInIds: string[];
}

/** Record values changed by PATCH /api/dossiers/:id (not held in the Y.Doc). Omitted keys stay as they are. */
export type DossierPatch = Partial<Pick<Dossier, 'tags' | 'keyAccountManagerId' | 'standInIds'>>;

/** One move of a dossier between lifecycle stages; `byId` null when it followed from an event. */
export interface StageChange {
  id: string;
  dossierId: string;
  from: Stage | null;
  to: Stage;
  reason: string | null;
  byId: string | null;
  at: number;
}

/** Values projected from a Y.Doc into the store so lists and search never open documents. */
export type DossierProjection = Pick<
  Dossier,
  'company' | 'street' | 'postalCode' | 'city' | 'industry' | 'contactNames'
>;
