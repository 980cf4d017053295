/**
 * Large volumes of plausible dossiers for benchmarks. Trades the demo's care (unique names, contact
 * details, Y.Doc fields) for speed: 100,000 rows must take well under two seconds.
 */
import type { Dossier } from '../kernel/types';
import { composeCompanyName } from './demo-naming';
import { FIRST_NAMES, LAST_NAMES } from './demo-people';
import { ALL_CITIES_WEIGHTED, COUNTRIES } from './demo-places';
import { SECTORS_WEIGHTED } from './demo-sectors';
import { STAGE_WEIGHTS, TAGS_BY_STAGE } from './demo-vocabulary';
import { createSeededRandom } from './seeded-random';

export interface BulkDossierOptions {
  seed: number;
  count: number;
  /** Every dossier lands in one of these teams and is owned by one of that team's ownerIds. */
  teams: Array<{ teamId: string; ownerIds: string[] }>;
  now: number;
  /** Prefix of the generated ids; the index follows zero-padded. Defaults to 'b-'. */
  idPrefix?: string;
}

const YEAR = 365 * 86_400_000;

export function generateBulkDossiers(options: BulkDossierOptions): Dossier[] {
  const { count, teams, now } = options;
  if (teams.length === 0 || teams.some((t) => t.ownerIds.length === 0)) {
    throw new Error('generateBulkDossiers needs at least one team and an owner in every team');
  }
  const rng = createSeededRandom(options.seed);
  const prefix = options.idPrefix ?? 'b-';
  const width = Math.max(6, String(count).length);
  const out: Dossier[] = new Array(count);

  for (let i = 0; i < count; i++) {
    const team = teams[rng.int(0, teams.length - 1)];
    const ownerId = team.ownerIds[rng.int(0, team.ownerIds.length - 1)];
    const city = rng.weighted(ALL_CITIES_WEIGHTED);
    const lang = COUNTRIES[city.country].language;
    const sector = rng.weighted(SECTORS_WEIGHTED);
    const stage = rng.weighted(STAGE_WEIGHTS);

    const contactNames: string[] = [];
    const contactCount = rng.int(1, 3);
    for (let c = 0; c < contactCount; c++) {
      const names = FIRST_NAMES[lang][rng.chance(0.5) ? 'f' : 'm'];
      contactNames.push(`${rng.pick(names)} ${rng.pick(LAST_NAMES[lang])}`);
    }

    const createdAt = now - Math.floor(rng.next() * 3 * YEAR);
    out[i] = {
      id: prefix + String(i + 1).padStart(width, '0'),
      teamId: team.teamId,
      ownerId,
      company: composeCompanyName(rng, city, sector).name,
      // No rng draw here: the bench data set stays the same row for row as before streets were listed.
      street: '',
      postalCode: city.postalCodes[0] ?? '',
      city: city.name,
      industry: sector.industry[lang],
      stage,
      tags: rng.sample(TAGS_BY_STAGE[stage][lang], rng.int(0, 3)),
      contactNames,
      createdAt,
      createdBy: ownerId,
      updatedAt: createdAt + Math.floor(rng.next() * (now - createdAt)),
      keyAccountManagerId: stage === 'key_account' ? ownerId : null,
      standInIds: []
    };
  }
  return out;
}
