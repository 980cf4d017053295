/**
 * Builds company names and the web domains derived from them. Names follow the patterns real
 * customers use ("Bäckerei Hoffmann", "Nordlicht Logistik GmbH", "Kessler & Söhne KG",
 * "Hughes Joinery Ltd") instead of random word salad.
 */
import { LAST_NAMES } from './demo-people';
import { COUNTRIES, type DemoCity } from './demo-places';
import { BRANDS, type Sector } from './demo-sectors';
import { CORPORATE_LEGAL_FORMS, FAMILY_SUFFIX, LEGAL_FORMS, SMALL_LEGAL_FORMS } from './demo-vocabulary';
import type { SeededRandom } from './seeded-random';

export type NamePattern = 'trade' | 'brand' | 'surnameWord' | 'family';

export interface CompanyName {
  name: string;
  /** A trade business ("Bäckerei Hoffmann") is small enough for first-name email addresses. */
  pattern: NamePattern;
  /** Owner's surname when the name is built from one; the primary contact usually carries it. */
  surname?: string;
}

const PATTERNS: ReadonlyArray<readonly [NamePattern, number]> = [
  ['trade', 4],
  ['brand', 3],
  ['surnameWord', 2],
  ['family', 1]
];

export function composeCompanyName(rng: SeededRandom, city: DemoCity, sector: Sector): CompanyName {
  const lang = COUNTRIES[city.country].language;
  const surname = rng.pick(LAST_NAMES[lang]);
  const form = (): string => rng.weighted(LEGAL_FORMS[city.country]);
  const pattern = rng.weighted(PATTERNS);

  if (pattern === 'trade') {
    const trade = rng.pick(sector.trades[lang]);
    const smallForm = sector.practice || rng.chance(0.5) ? '' : ` ${rng.pick(SMALL_LEGAL_FORMS[city.country])}`;
    // English practices are usually named after the place or a brand, not the doctor.
    if (lang === 'en' && sector.practice) return { name: `${rng.pick(BRANDS.en)} ${trade}`, pattern };
    const name = lang === 'de' ? `${trade} ${surname}${smallForm}` : `${surname} ${trade}${smallForm}`;
    return { name, surname, pattern };
  }
  if (pattern === 'brand') {
    const brands = lang === 'en' ? BRANDS.en : rng.chance(0.6) ? BRANDS[city.region] : BRANDS.de;
    const corporate = rng.weighted(CORPORATE_LEGAL_FORMS[city.country]);
    return { name: `${rng.pick(brands)} ${rng.pick(sector.words[lang])} ${corporate}`, pattern };
  }
  if (pattern === 'surnameWord') {
    return { name: `${surname} ${rng.pick(sector.words[lang])} ${form()}`, surname, pattern };
  }
  const partner = rng.pick(LAST_NAMES[lang]);
  const suffix = rng.chance(0.6) || partner === surname ? rng.pick(FAMILY_SUFFIX[lang]) : `& ${partner}`;
  return { name: `${surname} ${suffix} ${form()}`, surname, pattern };
}

const TRANSLITERATION: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ı: 'i'
};

/** German-style transliteration (Müller → Mueller), then strips remaining accents (Seán → Sean). */
export function transliterate(text: string): string {
  return text
    .replace(/[äöüÄÖÜßı]/g, (ch) => TRANSLITERATION[ch])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Lowercase ASCII words, e.g. for ids and email local parts; apostrophes vanish (O'Brien → obrien). */
export function slugWords(text: string): string[] {
  return transliterate(text)
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const ALL_FORMS = new Set(
  Object.values(LEGAL_FORMS)
    .flatMap((forms) => forms.map(([f]) => f))
    .flatMap((f) => slugWords(f))
);
const NOISE = new Set(['dr', 'co', 'the']);

/**
 * Domain a firm would register: German names hyphenated (baeckerei-hoffmann.de), English ones
 * run together (brightwaterfoods.co.uk); legal forms and "Dr." are dropped as people do.
 */
export function domainFor(company: string, city: DemoCity): string {
  const words = slugWords(company).filter((w) => !ALL_FORMS.has(w) && !NOISE.has(w));
  const kept = words.slice(0, 3);
  const country = COUNTRIES[city.country];
  const label = country.language === 'de' ? kept.join('-') : kept.join('');
  return `${label || 'firma'}.${country.tld}`;
}
