import { foldSearchText } from '../../../src/lib/contract/search-fold';

/**
 * Lead intake rules (pure; table tests in tests/unit/intake-rules.test.ts).
 *
 * R1 Duplicate: two leads of one team are the same person when they share an e-mail address, or when both name
 *    a company and they share company AND person name. A person name alone is too weak (two "Thomas Müller"s
 *    at different firms are different leads); a company alone is a firm with several contacts.
 * R2 Comparison is the search folding (search-fold.ts S1): case, accents, ß→ss and white space runs do not
 *    matter. A value with ä/ö/ü also counts in its German transliteration (S2), so "Müller" matches both
 *    "Muller" and "Mueller" — as search finds it — while "Muller" and "Mueller" (no umlaut given) stay apart.
 * R3 Keys: each lead yields a small set of strings (leadKeys); two leads are duplicates iff their sets meet.
 *    Stores index these strings, so the lookup is an equality match, never a scan.
 * R4 Round robin: the n-th lead of a team (n from the team's atomic counter) goes to the n mod k-th of its k
 *    available reps ordered by id; absent reps are skipped through the availability hook.
 */

/** S2 as search-fold.ts applies it (not exported there): ü → ue before folding. */
const transliterated = (text: string) => foldSearchText(text.normalize('NFD').replace(/([aouAOU])\u0308/g, '$1e'));

/** R2: the folded forms of a value (one, or two when it has an umlaut). Empty for a blank value. */
export function foldedForms(text: string | undefined): string[] {
  if (!text) return [];
  const forms = new Set([foldSearchText(text), transliterated(text)]);
  forms.delete('');
  return [...forms];
}

/** What duplicate detection looks at. */
export interface LeadIdentity {
  name: string;
  company?: string;
  email?: string;
}

/** R1 R3: the keys of a lead, prefixed by kind so an e-mail can never meet a company/name pair. */
export function leadKeys(lead: LeadIdentity): string[] {
  const keys = foldedForms(lead.email).map((e) => `email:${e}`);
  const companies = foldedForms(lead.company);
  const names = foldedForms(lead.name);
  for (const company of companies) for (const name of names) keys.push(`person:${company}\u0001${name}`);
  return [...new Set(keys)];
}

/** R1: whether two leads are the same person (their key sets meet). */
export function isDuplicateLead(a: LeadIdentity, b: LeadIdentity): boolean {
  const keys = new Set(leadKeys(a));
  return leadKeys(b).some((k) => keys.has(k));
}

/** R4: the rep for the `turn`-th lead among `candidates` (ids), or null when there is nobody. */
export function roundRobinPick(options: { turn: number; candidates: readonly string[] }): string | null {
  const sorted = [...options.candidates].sort();
  if (sorted.length === 0) return null;
  return sorted[options.turn % sorted.length];
}

/** What the inbound interaction says: every field the form sent, one per line, within `max` characters. */
export function leadSummary(
  lead: LeadIdentity & {
    phone?: string;
    interest?: string;
    source?: string;
    campaign?: string;
    preferredChannel?: string;
    message?: string;
  },
  max: number
): string {
  const lines = [
    `Web lead: ${lead.name}${lead.company ? ` (${lead.company})` : ''}`,
    lead.email && `E-mail: ${lead.email}`,
    lead.phone && `Phone: ${lead.phone}`,
    lead.preferredChannel && `Preferred channel: ${lead.preferredChannel}`,
    lead.interest && `Interest: ${lead.interest}`,
    (lead.source || lead.campaign) && `Source: ${[lead.source, lead.campaign].filter(Boolean).join(' / ')}`,
    lead.message && `\n${lead.message}`
  ].filter((l): l is string => Boolean(l));
  const text = lines.join('\n');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Tags the new dossier carries: where the lead came from (each at most 40 characters, as dossier tags are). */
export function leadTags(lead: { source?: string; campaign?: string }): string[] {
  return [...new Set([lead.source, lead.campaign].filter((t): t is string => Boolean(t)).map((t) => t.slice(0, 40)))];
}
