/**
 * Free-text vocabulary for demo dossiers: legal forms, segments, what the customer wants, what was
 * agreed, how they like to be reached, and tags. Places live in demo-places.ts, people in
 * demo-people.ts, industries and name parts in demo-sectors.ts.
 */
import type { Stage } from '../../src/lib/contract';
import type { CountryCode, Language } from './demo-places';

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/** Weighted by how common each form is among small and mid-sized firms in that country. */
export const LEGAL_FORMS: Record<CountryCode, Weighted<string>> = {
  DE: [
    ['GmbH', 10],
    ['GmbH & Co. KG', 4],
    ['KG', 2],
    ['AG', 1],
    ['e.K.', 3],
    ['OHG', 1],
    ['UG (haftungsbeschränkt)', 1]
  ],
  AT: [
    ['GmbH', 8],
    ['KG', 2],
    ['AG', 1],
    ['e.U.', 1],
    ['OG', 1]
  ],
  CH: [
    ['AG', 6],
    ['GmbH', 5]
  ],
  GB: [
    ['Ltd', 10],
    ['LLP', 1],
    ['PLC', 1]
  ],
  IE: [
    ['Ltd', 8],
    ['PLC', 1]
  ],
  US: [
    ['Inc.', 6],
    ['LLC', 4]
  ]
};

const SOLE_TRADER_FORMS = new Set(['e.K.', 'e.U.']);

/** Forms an invented brand name can carry; "Nordlicht Logistik e.K." would read wrong, e.K. needs a person's name. */
export const CORPORATE_LEGAL_FORMS: Record<CountryCode, Weighted<string>> = {
  DE: LEGAL_FORMS.DE.filter(([f]) => !SOLE_TRADER_FORMS.has(f)),
  AT: LEGAL_FORMS.AT.filter(([f]) => !SOLE_TRADER_FORMS.has(f)),
  CH: LEGAL_FORMS.CH,
  GB: LEGAL_FORMS.GB,
  IE: LEGAL_FORMS.IE,
  US: LEGAL_FORMS.US
};

/** Forms a one-owner trade business ("Schreinerei Wagner") would actually carry. */
export const SMALL_LEGAL_FORMS: Record<CountryCode, readonly string[]> = {
  DE: ['e.K.', 'GmbH', 'GmbH'],
  AT: ['e.U.', 'GmbH'],
  CH: ['GmbH'],
  GB: ['Ltd'],
  IE: ['Ltd'],
  US: ['LLC']
};

export const FAMILY_SUFFIX: Record<Language, readonly string[]> = {
  de: ['& Söhne', '& Sohn', '& Partner', '& Töchter'],
  en: ['& Sons', '& Partners', '& Co']
};

export const CURRENCY: Record<CountryCode, string> = { DE: '€', AT: '€', CH: 'CHF', GB: '£', IE: '€', US: '$' };

export const SEGMENTS: Record<Language, Weighted<string>> = {
  de: [
    ['A-Kunde', 3],
    ['B-Kunde', 4],
    ['C-Kunde', 3],
    ['Key Account', 1],
    ['Mittelstand', 2],
    ['Kleinbetrieb', 2]
  ],
  en: [
    ['Key Account', 1],
    ['SMB', 4],
    ['Mid-Market', 3],
    ['Enterprise', 1],
    ['Strategic', 1]
  ]
};

export const MAIN_INTERESTS: Record<Language, readonly string[]> = {
  de: [
    'Rahmenvertrag für Verbrauchsmaterial, quartalsweise Lieferung',
    'Sucht einen Lieferanten für alle drei Filialen, Abrechnung zentral',
    'Interesse an Leasing statt Kauf, Laufzeit 36 Monate',
    'Möchte feste Ansprechpartnerin und Liefertermine per E-Mail bestätigt',
    'Nachhaltige Verpackung ist Pflicht – fragt nach CO₂-Bilanz',
    'Preisvergleich mit dem aktuellen Lieferanten läuft bis Quartalsende',
    'Lieferung innerhalb 24 h bei Engpässen, sonst wöchentliche Tour',
    'Will Bestellungen über ein Kundenportal statt per Fax abwickeln',
    'Jahresgespräch im Januar, Budget wird im November festgelegt',
    'Musterpaket gewünscht, Entscheidung trifft die Inhaberin',
    'Erweiterung um zweiten Standort geplant, Bedarf verdoppelt sich',
    'Schulung für neue Mitarbeitende vor Ort gewünscht',
    'Saisonale Spitzen im Dezember – flexible Abrufmengen wichtig',
    'Ersatzteilversorgung und kurze Reaktionszeit im Servicefall'
  ],
  en: [
    'Wants consolidated monthly invoicing and next-day delivery to 3 sites',
    'Looking to replace current supplier after repeated late deliveries',
    'Interested in a 12-month framework agreement with fixed prices',
    'Needs ordering through their procurement portal, no paper POs',
    'Budget signed off in April; decision sits with the operations director',
    'Asked for samples and a sustainability statement for their tender',
    'Prefers a single point of contact and quarterly business reviews',
    'Seasonal peak in summer – needs flexible call-off volumes',
    'Evaluating us alongside two competitors, price is the main driver',
    'Opening a second branch next year, wants volumes agreed up front',
    'On-site training for new starters requested',
    'Spare parts availability and fast call-out times are key'
  ]
};

/** `{cur}` is replaced by the customer's currency symbol. */
export const AGREED_CONDITIONS: Record<Language, readonly string[]> = {
  de: [
    '3 % Skonto bei Zahlung innerhalb 10 Tagen, netto 30',
    'Netto 30 Tage, frei Haus ab 250 {cur} Bestellwert',
    '5 % Rahmenrabatt auf Listenpreise, Preisbindung bis Jahresende',
    'Lieferung frei Haus, Zahlung per SEPA-Lastschrift',
    'Staffelrabatt: 2 % ab 5.000 {cur}, 4 % ab 15.000 {cur} Jahresumsatz',
    'Netto 14 Tage, Mindestbestellwert 150 {cur}',
    'Jahresbonus 2 % bei Erreichen des Zielumsatzes',
    'Konsignationslager vor Ort, monatliche Sammelrechnung'
  ],
  en: [
    'Free delivery above {cur}500, 60-day payment terms',
    '2% early payment discount within 14 days, net 30',
    'Fixed prices for 12 months, reviewed each January',
    'Net 30, one consolidated invoice per site each month',
    'Volume rebate of 3% above {cur}20,000 annual spend',
    'Direct debit; free next-day delivery on orders before 2pm'
  ]
};

/** Prospects have an offer on the table rather than agreed terms. */
export const OFFER_PREFIX: Record<Language, string> = { de: 'Angebot: ', en: 'Proposal: ' };

export const PREFERRED_CHANNELS: Record<Language, readonly string[]> = {
  de: ['Telefon', 'E-Mail', 'Vor-Ort-Besuch', 'Telefon, vormittags', 'Microsoft Teams', 'E-Mail, Rückruf bei Bedarf'],
  en: ['Phone', 'Email', 'Teams call', 'On-site visit', 'Phone (mornings)', 'Email, then a call']
};

/** Tags by stage so that "Win-back" lands on dormant accounts and "Messe 2026" on fresh leads. */
export const TAGS_BY_STAGE: Record<Stage, Record<Language, readonly string[]>> = {
  lead: {
    de: ['Messe 2026', 'Empfehlung', 'Kaltakquise', 'Webinar', 'Newsletter', 'Inbound'],
    en: ['Trade fair', 'Referral', 'Inbound', 'Webinar', 'Newsletter', 'Cold call']
  },
  prospect: {
    de: ['Messe 2026', 'Empfehlung', 'Ausschreibung', 'Pilot', 'Mehrere Standorte', 'Newsletter'],
    en: ['Trade fair', 'Referral', 'Tender', 'Pilot', 'Multi-site', 'Newsletter']
  },
  customer: {
    de: ['Rahmenvertrag', 'Key Account', 'Newsletter', 'Jahresgespräch', 'Upsell', 'Mehrere Standorte', 'Empfehlung'],
    en: ['Framework agreement', 'Key Account', 'Newsletter', 'Quarterly review', 'Upsell', 'Multi-site', 'Referral']
  },
  key_account: {
    de: ['Key Account', 'Rahmenvertrag', 'Jahresgespräch', 'Mehrere Standorte', 'Upsell'],
    en: ['Key Account', 'Framework agreement', 'Quarterly review', 'Multi-site', 'Upsell']
  },
  winback: {
    de: ['Win-back', 'Preissensibel', 'Wettbewerber'],
    en: ['Win-back', 'Price sensitive', 'Lost to competitor']
  },
  dormant: {
    de: ['Win-back', 'Preissensibel', 'Newsletter', 'Saisonkunde'],
    en: ['Win-back', 'Price sensitive', 'Newsletter', 'Seasonal']
  },
  lost: {
    de: ['Win-back', 'Wettbewerber', 'Preissensibel'],
    en: ['Win-back', 'Lost to competitor', 'Price sensitive']
  }
};

/**
 * Key accounts and win-backs are carved from the end of the customer and dormant ranges (36 + 4, 6 + 2), so
 * every roll that picked prospect, lead or lost before issue #8 picks it still.
 */
export const STAGE_WEIGHTS: Weighted<Stage> = [
  ['customer', 36],
  ['key_account', 4],
  ['prospect', 24],
  ['lead', 22],
  ['dormant', 6],
  ['winback', 2],
  ['lost', 6]
];
