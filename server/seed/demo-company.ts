/**
 * Deterministic demo workspace: teams, users and a few hundred realistic customer dossiers.
 * Pure: no I/O and no clock; the caller passes `now`, so the same seed always yields the same
 * company and tests can pin it. Writing it into the stores and Y.Docs is the caller's job.
 */
import type { Stage } from '../../src/lib/contract';
import type { ContactSeed, FieldKey } from '../../src/lib/dossier-doc';
import type { Dossier, Team } from '../kernel/types';
import { generateContacts } from './demo-contacts';
import { composeCompanyName, domainFor } from './demo-naming';
import {
  BUSINESS_PARKS_EN,
  CITIES_BY_REGION,
  COUNTRIES,
  STREETS_DE,
  STREETS_EN,
  type DemoCity,
  type Language
} from './demo-places';
import { generateDemoHistory, type DemoHistory } from './demo-history';
import { buildRoster, DEMO_TEAMS, type DemoMember, type DemoUser } from './demo-roster';
import { SECTORS_WEIGHTED } from './demo-sectors';
import {
  AGREED_CONDITIONS,
  CURRENCY,
  MAIN_INTERESTS,
  OFFER_PREFIX,
  PREFERRED_CHANNELS,
  SEGMENTS,
  STAGE_WEIGHTS,
  TAGS_BY_STAGE
} from './demo-vocabulary';
import { createSeededRandom, type SeededRandom } from './seeded-random';
import { DAY, officeMoment } from './demo-time';

export { generateBulkDossiers } from './demo-bulk';

/**
 * Password of every demo account. Public on purpose: the demo seed only runs against an empty
 * store and prints these logins, so anyone trying the app can sign in as each role.
 */
export const DEMO_PASSWORD = 'staffel-demo';

export const DEFAULT_DEMO_SEED = 20_260_101;

export interface DemoDossier {
  dossier: Dossier;
  fields: Partial<Record<FieldKey, string>>;
  contacts: ContactSeed[];
  /** The customer's language: the demo history writes its summaries in it. */
  language: Language;
}

export interface DemoCompany {
  teams: Team[];
  users: DemoUser[];
  dossiers: DemoDossier[];
  /** Timeline, stage history and follow-ups of the dossiers (demo-history.ts). */
  history: DemoHistory;
}

export interface DemoCompanyOptions {
  seed?: number;
  dossierCount?: number;
  now: number;
}

/** Mixed into the seed for the history's own random stream (any fixed value). */
const HISTORY_SEED_SALT = 0x4157;

const YEAR = 365 * DAY;

/** [oldest, youngest] age at creation: leads are young, dormant accounts had time to go quiet. */
const CREATED_AGE: Record<Stage, readonly [number, number]> = {
  lead: [YEAR, DAY],
  prospect: [2 * YEAR, 7 * DAY],
  customer: [3 * YEAR, 30 * DAY],
  key_account: [3 * YEAR, 180 * DAY],
  // Over 13 months: a dormant account's last contact lies 12–30 months back (demo-history.ts).
  dormant: [3 * YEAR, 400 * DAY],
  winback: [3 * YEAR, 300 * DAY],
  lost: [3 * YEAR, 30 * DAY]
};

function streetLine(rng: SeededRandom, lang: Language): string {
  if (lang === 'de') {
    const suffix = rng.chance(0.1) ? rng.pick(['a', 'b', 'c']) : '';
    return `${rng.pick(STREETS_DE)} ${rng.int(1, 180)}${suffix}`;
  }
  if (rng.chance(0.2)) return `Unit ${rng.int(1, 24)}, ${rng.pick(BUSINESS_PARKS_EN)}`;
  return `${rng.int(1, 250)} ${rng.pick(STREETS_EN)}`;
}

function describeFields(
  rng: SeededRandom,
  stage: Stage,
  city: DemoCity,
  company: string,
  industry: string,
  domain: string
): Partial<Record<FieldKey, string>> {
  const country = COUNTRIES[city.country];
  const lang = country.language;
  const withCurrency = (text: string): string => text.replaceAll('{cur}', CURRENCY[city.country]);
  const fields: Partial<Record<FieldKey, string>> = {
    company,
    industry,
    street: streetLine(rng, lang),
    postalCode: rng.pick(city.postalCodes),
    city: city.name,
    country: country.name,
    website: `www.${domain}`
  };
  // Fresh leads are half-qualified: no segment yet, no terms, sometimes not even a preferred channel.
  if (stage !== 'lead' || rng.chance(0.5)) fields.segment = rng.weighted(SEGMENTS[lang]);
  fields.mainInterests = rng.sample(MAIN_INTERESTS[lang], stage === 'lead' ? 1 : rng.int(1, 2)).join('\n');
  if (stage === 'customer' || stage === 'key_account' || stage === 'dormant' || stage === 'winback') {
    fields.agreedConditions = rng.sample(AGREED_CONDITIONS[lang], rng.int(1, 2)).map(withCurrency).join('\n');
  } else if (stage === 'prospect' && rng.chance(0.4)) {
    fields.agreedConditions = OFFER_PREFIX[lang] + withCurrency(rng.pick(AGREED_CONDITIONS[lang]));
  }
  if (rng.chance(0.8)) fields.preferredChannel = rng.pick(PREFERRED_CHANNELS[lang]);
  return fields;
}

const TAG_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [0, 3],
  [1, 4],
  [2, 3],
  [3, 1]
];
const CONTACT_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 35],
  [2, 35],
  [3, 20],
  [4, 10]
];

/** Owners weighted towards reps: managers keep only a few accounts of their own. */
function ownerTable(members: DemoMember[], teamId: string, lang: Language): ReadonlyArray<readonly [string, number]> {
  const inTeam = members.filter((m) => m.user.teamIds.includes(teamId) && m.user.role !== 'viewer');
  const covering = inTeam.filter((m) => m.markets.includes(lang));
  return (covering.length > 0 ? covering : inTeam).map((m) => [m.user.id, m.user.role === 'manager' ? 1 : 4] as const);
}

export function generateDemoCompany(options: DemoCompanyOptions): DemoCompany {
  const { now } = options;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const count = options.dossierCount ?? 200;
  const rng = createSeededRandom(seed);
  const members = buildRoster(now);
  const usedNames = new Set<string>();
  const idWidth = Math.max(4, String(count).length);
  const dossiers: DemoDossier[] = [];

  for (let i = 0; i < count; i++) {
    const id = `d-${String(i + 1).padStart(idWidth, '0')}`;
    const team = rng.weighted([
      [DEMO_TEAMS[0], 45],
      [DEMO_TEAMS[1], 55]
    ] as const);
    const stage = rng.weighted(STAGE_WEIGHTS);
    const sector = rng.weighted(SECTORS_WEIGHTED);

    let city = rng.weighted(CITIES_BY_REGION[team.region]);
    let name = composeCompanyName(rng, city, sector);
    // Names must be unique so search results and the demo walkthrough are unambiguous.
    for (let attempt = 0; usedNames.has(name.name) && attempt < 50; attempt++) {
      city = rng.weighted(CITIES_BY_REGION[team.region]);
      name = composeCompanyName(rng, city, sector);
    }
    if (usedNames.has(name.name)) name = { ...name, name: `${name.name} ${city.name}` };
    usedNames.add(name.name);

    const lang = COUNTRIES[city.country].language;
    const industry = sector.industry[lang];
    const domain = domainFor(name.name, city);
    const fields = describeFields(rng, stage, city, name.name, industry, domain);
    const contacts = generateContacts(rng, {
      idBase: id,
      city,
      domain,
      count: rng.weighted(CONTACT_COUNTS),
      ownerSurname: name.surname,
      sectorRoles: sector.roles,
      informal: name.pattern === 'trade',
      practice: sector.practice && name.pattern === 'trade' ? { doctor: name.name.includes('Dr.') } : undefined
    });

    const ownerId = rng.weighted(ownerTable(members, team.id, lang));
    const [oldest, youngest] = CREATED_AGE[stage];
    const createdAt = officeMoment(rng, now - oldest, now - youngest);
    // Dormant accounts went quiet half a year ago; active ones were touched recently.
    const updatedAt =
      stage === 'dormant'
        ? officeMoment(rng, createdAt, Math.max(createdAt, now - 180 * DAY))
        : officeMoment(rng, createdAt + (now - createdAt) * (1 - rng.next() ** 2), now);

    dossiers.push({
      dossier: {
        id,
        teamId: team.id,
        ownerId,
        company: name.name,
        street: fields.street ?? '',
        postalCode: fields.postalCode ?? '',
        city: city.name,
        industry,
        stage,
        tags: rng.sample(TAGS_BY_STAGE[stage][lang], rng.weighted(TAG_COUNTS)),
        contactNames: contacts.map((c) => c.name),
        createdAt,
        createdBy: ownerId,
        updatedAt,
        // L3: a key account has a manager; the demo gives the owner that role.
        keyAccountManagerId: stage === 'key_account' ? ownerId : null,
        standInIds: []
      },
      fields,
      contacts,
      language: lang
    });
  }

  return {
    teams: DEMO_TEAMS.map(({ id, name, site }) => ({ id, name, site })),
    users: members.map((m) => m.user),
    dossiers,
    // Its own stream: the dossiers above stay exactly what they were before the history existed.
    history: generateDemoHistory({ rng: createSeededRandom(seed ^ HISTORY_SEED_SALT), now, dossiers, members })
  };
}

/** Login table printed on first start, e.g. `anna.becker@staffel.demo  manager  Vertrieb Nord (Hamburg)  staffel-demo`. */
export function describeDemoLogins(company: DemoCompany): string {
  const teamLabel = (teamIds: string[]): string => {
    if (teamIds.length === 0) return '— (all teams)';
    return teamIds
      .map((id) => company.teams.find((t) => t.id === id))
      .map((t) => (t ? `${t.name} (${t.site})` : '?'))
      .join(', ');
  };
  const rows = [
    ['Email', 'Role', 'Team', 'Password'],
    ...company.users.map((u) => [u.email, u.role, teamLabel(u.teamIds), DEMO_PASSWORD])
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => cell.padEnd(widths[col]))
      .join('  ')
      .trimEnd();
  return ['Demo logins:', line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join(
    '\n'
  );
}
