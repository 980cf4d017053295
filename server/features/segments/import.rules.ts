import {
  IMPORT_TARGETS,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  STAGES,
  foldSearchText,
  type ImportMapping,
  type ImportTarget,
  type Stage
} from '../../../src/lib/contract';

/**
 * CSV import rules (issue #11), pure:
 * - I1 guessMapping maps each header to a target by its English or German name (case, accents, spaces and
 *   punctuation ignored); each target at most once (the first column wins); unknown headers are ignored.
 * - I2 readRow: company is required; texts are cut at nothing but refused above their limits; an e-mail must
 *   look like one; a stage is a stage id or its English/German name (empty: the default); tags split on ',' or '|'.
 * - I3 identity keys: the normalised company (folded, legal form and punctuation dropped) + folded city, and the
 *   website's domain (without www.). Two rows or a row and a dossier sharing a key are duplicates.
 */

/** Folded with German transliteration first, so "Müller" and "Mueller" meet (search-fold.ts S2). */
const fold = (s: string) => foldSearchText(s.normalize('NFD').replace(/([aouAOU])\u0308/g, '$1e'));
const norm = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');

const HEADER_NAMES: Record<Exclude<ImportTarget, 'ignore'>, string[]> = {
  company: [
    'company',
    'companyname',
    'name',
    'firma',
    'firmenname',
    'unternehmen',
    'kunde',
    'organisation',
    'organization'
  ],
  street: ['street', 'address', 'strasse', 'str', 'anschrift', 'adresse', 'strassehausnummer'],
  postalCode: ['postalcode', 'postcode', 'zip', 'zipcode', 'plz', 'postleitzahl'],
  city: ['city', 'town', 'ort', 'stadt', 'wohnort'],
  country: ['country', 'land'],
  industry: ['industry', 'sector', 'branche', 'industrie'],
  website: ['website', 'web', 'url', 'homepage', 'webseite', 'internet', 'domain'],
  stage: ['stage', 'status', 'phase', 'stufe'],
  tags: ['tags', 'tag', 'labels', 'schlagworte', 'schlagwort', 'stichworte'],
  contactName: [
    'contact',
    'contactname',
    'contactperson',
    'person',
    'ansprechpartner',
    'ansprechperson',
    'kontakt',
    'kontaktperson'
  ],
  contactRole: ['role', 'position', 'jobtitle', 'title', 'funktion', 'rolle'],
  contactPhone: ['phone', 'telephone', 'tel', 'telefon', 'telefonnummer', 'mobile', 'mobil', 'handy'],
  contactEmail: ['email', 'mail', 'emailaddress', 'emailadresse']
};

export function guessMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<ImportTarget>();
  headers.forEach((header, index) => {
    const key = norm(header);
    const target =
      (Object.entries(HEADER_NAMES) as Array<[ImportTarget, string[]]>).find(
        ([t, names]) => !used.has(t) && names.includes(key)
      )?.[0] ?? 'ignore';
    if (target !== 'ignore') used.add(target);
    mapping[String(index)] = target;
  });
  return mapping;
}

/** Every target is known and none but 'ignore' is used twice. Returns a problem or null. */
export function mappingProblem(mapping: ImportMapping, columns: number): string | null {
  const seen = new Set<string>();
  for (const [column, target] of Object.entries(mapping)) {
    if (Number(column) >= columns) return `column ${Number(column) + 1} does not exist`;
    if (!IMPORT_TARGETS.includes(target)) return `unknown target ${target}`;
    if (target === 'ignore') continue;
    if (seen.has(target)) return `${target} is mapped twice`;
    seen.add(target);
  }
  if (!seen.has('company')) return 'map a column to company';
  return null;
}

const STAGE_NAMES: Record<string, Stage> = {
  ...Object.fromEntries(STAGES.map((s) => [norm(s), s])),
  interessent: 'prospect',
  kunde: 'customer',
  keyaccount: 'key_account',
  schluesselkunde: 'key_account',
  ruhend: 'dormant',
  rueckgewinnung: 'winback',
  verloren: 'lost'
};

/** One row read through the mapping. */
export interface ImportRow {
  company: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  industry: string;
  website: string;
  stage: Stage | null;
  tags: string[];
  contact: { name: string; role: string; phone: string; email: string } | null;
}

const LIMITS: Partial<Record<ImportTarget, number>> = {
  company: 200,
  street: 200,
  postalCode: 20,
  city: 100,
  country: 100,
  industry: 100,
  website: 200,
  contactName: 120,
  contactRole: 120,
  contactPhone: 60,
  contactEmail: 200
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readRow(cells: readonly string[], mapping: ImportMapping): { row: ImportRow; errors: string[] } {
  const errors: string[] = [];
  const value = (target: ImportTarget) => {
    const column = Object.entries(mapping).find(([, t]) => t === target)?.[0];
    const text = column === undefined ? '' : (cells[Number(column)] ?? '').trim();
    const max = LIMITS[target];
    if (max !== undefined && text.length > max) errors.push(`${target} is longer than ${max} characters`);
    return text;
  };
  const company = value('company');
  if (!company) errors.push('company is empty');
  const stageText = value('stage');
  const stage = stageText ? (STAGE_NAMES[norm(stageText)] ?? null) : null;
  if (stageText && !stage) errors.push(`unknown stage "${stageText.slice(0, 40)}"`);
  if (stage === 'key_account') errors.push('key_account needs a key-account manager: import as customer');
  const tags = [
    ...new Set(
      value('tags')
        .split(/[,|]/)
        .map((t) => t.trim())
        .filter(Boolean)
    )
  ];
  if (tags.some((t) => t.length > MAX_TAG_LENGTH)) errors.push(`a tag is longer than ${MAX_TAG_LENGTH} characters`);
  if (tags.length > MAX_TAGS) errors.push(`more than ${MAX_TAGS} tags`);
  const contact = {
    name: value('contactName'),
    role: value('contactRole'),
    phone: value('contactPhone'),
    email: value('contactEmail')
  };
  if (contact.email && !EMAIL.test(contact.email))
    errors.push(`"${contact.email.slice(0, 60)}" is not an e-mail address`);
  const hasContact = Object.values(contact).some(Boolean);
  if (hasContact && !contact.name) errors.push('a contact needs a name');
  const row: ImportRow = {
    company,
    street: value('street'),
    postalCode: value('postalCode'),
    city: value('city'),
    country: value('country'),
    industry: value('industry'),
    website: value('website'),
    stage,
    tags,
    contact: hasContact ? contact : null
  };
  return { row, errors };
}

const LEGAL_FORMS =
  /\b(gmbh|ag|kg|ohg|ug|gbr|se|ek|ev|mbh|co|cokg|ltd|limited|inc|llc|plc|sa|sarl|bv|nv|haftungsbeschraenkt)\b/g;

/** I3: the company and city key ("müller gmbh & co. kg", "Köln" and "Mueller, Koeln" are one). */
export function nameCityKey(company: string, city: string): string {
  const name = fold(company)
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/\s+/g, '');
  return `${name}|${norm(city)}`;
}

/** I3: the website's domain, or null when there is none. */
export function websiteKey(website: string): string | null {
  const text = website.trim().toLowerCase();
  if (!text) return null;
  try {
    const host = new URL(/^[a-z]+:\/\//.test(text) ? text : `http://${text}`).hostname.replace(/^www\./, '');
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}
