/**
 * Contact persons with phone numbers and emails that fit the customer's country and domain.
 * UK and US numbers come from the ranges reserved for fiction (Ofcom 0161 496 0xxx, NANP 555-01xx),
 * so a demo database copied somewhere else never rings a real person.
 */
import type { ContactSeed } from '../../src/lib/dossier-doc';
import { slugWords } from './demo-naming';
import {
  FIRST_NAMES,
  LAST_NAMES,
  OTHER_ROLES,
  PRACTICE_OWNER_ROLES,
  SENIOR_ROLES,
  titleFor,
  type Gender,
  type Title
} from './demo-people';
import { COUNTRIES, type DemoCity, type Language } from './demo-places';
import type { SeededRandom } from './seeded-random';

function digits(rng: SeededRandom, count: number): string {
  // Subscriber numbers never start with 0 or 1 in the countries used here.
  let out = String(rng.int(2, 9));
  for (let i = 1; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

const grouped = (rng: SeededRandom, ...sizes: number[]): string => sizes.map((n) => digits(rng, n)).join(' ');

export function landline(rng: SeededRandom, city: DemoCity): string {
  const { dialCode } = COUNTRIES[city.country];
  const area = city.areaCode;
  switch (city.country) {
    case 'DE': {
      // DIN 5008 extension: switchboard number plus the person's direct line, within the same total length.
      const extension = rng.chance(0.4) ? `-${rng.int(10, 99)}` : '';
      const length = (area.length <= 2 ? rng.int(7, 8) : rng.int(6, 7)) - (extension ? 1 : 0);
      return `${dialCode} ${area} ${digits(rng, length)}${extension}`;
    }
    case 'AT':
      return `${dialCode} ${area} ${digits(rng, area === '1' ? 7 : rng.int(5, 6))}`;
    case 'CH':
      return `${dialCode} ${area} ${grouped(rng, 3, 2, 2)}`;
    case 'GB':
      return area === '20'
        ? `${dialCode} 20 7946 0${rng.int(100, 999)}`
        : `${dialCode} ${area} 496 0${rng.int(100, 999)}`;
    case 'IE':
      return `${dialCode} ${area} ${grouped(rng, 3, 4)}`;
    case 'US':
      return `${dialCode} ${area} 555 01${rng.int(10, 99)}`;
  }
}

export function mobile(rng: SeededRandom, city: DemoCity): string {
  const { dialCode, mobilePrefixes } = COUNTRIES[city.country];
  switch (city.country) {
    case 'DE':
      return `${dialCode} ${rng.pick(mobilePrefixes)} ${digits(rng, rng.int(7, 8))}`;
    case 'AT':
      return `${dialCode} ${rng.pick(mobilePrefixes)} ${digits(rng, 7)}`;
    case 'CH':
      return `${dialCode} ${rng.pick(mobilePrefixes)} ${grouped(rng, 3, 2, 2)}`;
    case 'GB':
      return `${dialCode} 7700 900${rng.int(100, 999)}`;
    case 'IE':
      return `${dialCode} ${rng.pick(mobilePrefixes)} ${grouped(rng, 3, 4)}`;
    case 'US':
      return landline(rng, city);
  }
}

type EmailPattern = 'first.last' | 'f.last' | 'first';
const EMAIL_PATTERNS: ReadonlyArray<readonly [EmailPattern, number]> = [
  ['first.last', 6],
  ['f.last', 3],
  ['first', 1]
];

function localPart(pattern: EmailPattern, first: string, last: string): string {
  const f = slugWords(first).join('');
  const l = slugWords(last).join('');
  if (pattern === 'first') return f;
  return pattern === 'f.last' ? `${f[0]}.${l}` : `${f}.${l}`;
}

export interface ContactOptions {
  idBase: string;
  city: DemoCity;
  domain: string;
  count: number;
  /** Owner's surname from the company name; the primary contact usually is that owner. */
  ownerSurname?: string;
  /** Trade-specific titles of the customer's sector. */
  sectorRoles: Record<Language, readonly Title[]>;
  /** Small trade businesses sometimes use bare first names as mailboxes (anna@...); larger firms never do. */
  informal: boolean;
  /** A medical practice's primary contact is its owner; `doctor` adds the title as in "Praxis Dr. Weiß". */
  practice?: { doctor: boolean };
}

/** 1..n contacts; the first is the single primary contact and is always reachable by phone and email. */
export function generateContacts(rng: SeededRandom, options: ContactOptions): ContactSeed[] {
  const lang = COUNTRIES[options.city.country].language;
  // A company uses one address scheme for everybody.
  const pattern = rng.weighted(options.informal ? EMAIL_PATTERNS : EMAIL_PATTERNS.slice(0, 2));
  const names = new Set<string>();
  const emails = new Set<string>();
  const contacts: ContactSeed[] = [];

  for (let i = 0; i < options.count; i++) {
    const primary = i === 0;
    const gender: Gender = rng.chance(0.5) ? 'f' : 'm';
    let first = '';
    let last = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      first = rng.pick(FIRST_NAMES[lang][gender]);
      const ownerSurname = primary && (options.practice || rng.chance(0.7)) ? options.ownerSurname : undefined;
      last = ownerSurname ?? rng.pick(LAST_NAMES[lang]);
      if (!names.has(`${first} ${last}`)) break;
    }
    names.add(`${first} ${last}`);
    const name = primary && options.practice?.doctor ? `Dr. ${first} ${last}` : `${first} ${last}`;

    const roleRoll = rng.next();
    const roles =
      primary && options.practice
        ? PRACTICE_OWNER_ROLES[lang]
        : primary || roleRoll < 0.2
          ? SENIOR_ROLES[lang]
          : roleRoll < 0.65
            ? options.sectorRoles[lang]
            : OTHER_ROLES[lang];
    const contact: ContactSeed = { id: `${options.idBase}-c${i + 1}`, name, role: titleFor(rng.pick(roles), gender) };

    const phoneRoll = rng.next();
    if (primary || phoneRoll < 0.7) contact.phone = landline(rng, options.city);
    else if (phoneRoll < 0.9) contact.phone = mobile(rng, options.city);

    if (primary || rng.chance(0.9)) {
      let local = localPart(pattern, first, last);
      // Shared first names or initials would collide; mailboxes are unique, so fall back to the long form.
      if (emails.has(local)) local = localPart('first.last', first, last);
      if (!emails.has(local)) {
        emails.add(local);
        contact.email = `${local}@${options.domain}`;
      }
    }
    if (primary) contact.primary = true;
    contacts.push(contact);
  }
  return contacts;
}
