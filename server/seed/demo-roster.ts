/**
 * The fixed cast of the demo: two sales teams and their people. Fixed rather than seeded so the
 * logins printed on first start stay the same whatever seed the dossiers were generated with.
 */
import type { Locale, Role } from '../../src/lib/contract';
import type { Team, User } from '../kernel/types';
import { slugWords } from './demo-naming';
import type { Language, SalesRegion } from './demo-places';

export const DEMO_EMAIL_DOMAIN = 'staffel.demo';

export interface DemoTeam extends Team {
  region: SalesRegion;
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { id: 'team-nord', name: 'Vertrieb Nord', site: 'Hamburg', region: 'nord' },
  { id: 'team-sued', name: 'Sales South & UK', site: 'München', region: 'sued' }
];

interface RosterEntry {
  name: string;
  role: Role;
  locale: Locale;
  teamId: string | null;
  /** Customer languages this person looks after; English-speaking reps take the UK/IE/US accounts. */
  markets: readonly Language[];
}

const ROSTER: readonly RosterEntry[] = [
  { name: 'Claudia Brandt', role: 'admin', locale: 'de', teamId: null, markets: [] },
  { name: 'Anna Becker', role: 'manager', locale: 'de', teamId: 'team-nord', markets: ['de', 'en'] },
  { name: 'Jörg Petersen', role: 'rep', locale: 'de', teamId: 'team-nord', markets: ['de'] },
  { name: 'Lena Schröder', role: 'rep', locale: 'de', teamId: 'team-nord', markets: ['de'] },
  { name: 'Mehmet Yılmaz', role: 'rep', locale: 'de', teamId: 'team-nord', markets: ['de'] },
  { name: 'Katarzyna Nowak', role: 'rep', locale: 'en', teamId: 'team-nord', markets: ['de'] },
  { name: 'Markus Weiß', role: 'manager', locale: 'de', teamId: 'team-sued', markets: ['de', 'en'] },
  { name: 'Sophie Gruber', role: 'rep', locale: 'de', teamId: 'team-sued', markets: ['de'] },
  { name: 'Daniel Köhler', role: 'rep', locale: 'de', teamId: 'team-sued', markets: ['de'] },
  { name: 'Emma Clarke', role: 'rep', locale: 'en', teamId: 'team-sued', markets: ['en'] },
  { name: "Liam O'Connor", role: 'rep', locale: 'en', teamId: 'team-sued', markets: ['en'] },
  // Customer service: reads Nord's dossiers to answer calls, edits none.
  { name: 'Nina Hartmann', role: 'viewer', locale: 'de', teamId: 'team-nord', markets: [] }
];

export type DemoUser = Omit<User, 'passwordHash'>;

export interface DemoMember {
  user: DemoUser;
  markets: readonly Language[];
}

const DAY = 86_400_000;
const ACCOUNTS_OPENED_BEFORE_NOW = 3 * 365 * DAY + 30 * DAY;

/** Users with deterministic ids (u-joerg-petersen) and emails (joerg.petersen@staffel.demo). */
export function buildRoster(now: number): DemoMember[] {
  return ROSTER.map((entry, index) => {
    const words = slugWords(entry.name);
    const user: DemoUser = {
      id: `u-${words.join('-')}`,
      email: `${words[0]}.${words.slice(1).join('')}@${DEMO_EMAIL_DOMAIN}`,
      name: entry.name,
      role: entry.role,
      locale: entry.locale,
      teamIds: entry.teamId ? [entry.teamId] : [],
      // Accounts predate every dossier, one hour apart so ordering by creation is stable.
      createdAt: now - ACCOUNTS_OPENED_BEFORE_NOW + index * 3_600_000,
      deputyId: null,
      deactivatedAt: null
    };
    return { user, markets: entry.markets };
  });
}
