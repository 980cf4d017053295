import { describe, expect, it } from 'vitest';
import {
  foldedForms,
  isDuplicateLead,
  leadKeys,
  leadSummary,
  leadTags,
  roundRobinPick,
  type LeadIdentity
} from '../../server/features/intake/intake.rules';

const lead = (over: Partial<LeadIdentity> = {}): LeadIdentity => ({ name: 'Jörg Müller', ...over });

describe('intake rules', () => {
  it.each<[string, LeadIdentity, LeadIdentity, boolean]>([
    ['R1 same e-mail, other names', lead({ email: 'j@x.de' }), lead({ name: 'J. M.', email: 'j@x.de' }), true],
    ['R2 e-mail case and spaces do not matter', lead({ email: ' J@X.de ' }), lead({ email: 'j@x.de' }), true],
    ['R1 other e-mail, no company', lead({ email: 'a@x.de' }), lead({ email: 'b@x.de' }), false],
    [
      'R1 same company and name, different e-mails',
      lead({ company: 'Bäckerei Weiß', email: 'a@x.de' }),
      lead({ company: 'Bäckerei Weiß', email: 'b@x.de' }),
      true
    ],
    [
      'R2 accents, ß and case folded',
      lead({ name: 'Jörg Müller', company: 'Bäckerei Weiß GmbH' }),
      lead({ name: 'jorg muller', company: 'BACKEREI WEISS GMBH' }),
      true
    ],
    [
      'R2 German transliteration: Müller = Mueller',
      lead({ name: 'Jörg Müller', company: 'Öl AG' }),
      lead({ name: 'Joerg Mueller', company: 'Oel AG' }),
      true
    ],
    [
      'R2 without an umlaut given, Muller and Mueller stay apart',
      lead({ name: 'Jorg Muller', company: 'Ol AG' }),
      lead({ name: 'Joerg Mueller', company: 'Oel AG' }),
      false
    ],
    ['R2 runs of white space are one', lead({ name: 'Jörg  Müller', company: 'A  B' }), lead({ company: 'a b' }), true],
    ['R1 same name without a company is not enough', lead(), lead(), false],
    ['R1 same name, other company', lead({ company: 'A GmbH' }), lead({ company: 'B GmbH' }), false],
    [
      'R1 same company, other person',
      lead({ company: 'A GmbH' }),
      lead({ name: 'Eva Roth', company: 'A GmbH' }),
      false
    ],
    [
      'R3 an e-mail never meets a company/name pair',
      lead({ name: 'x', company: 'y', email: 'y@z.de' }),
      lead({ name: 'y@z.de', company: 'email:' }),
      false
    ]
  ])('%s', (_name, a, b, expected) => {
    expect(isDuplicateLead(a, b)).toBe(expected);
    expect(isDuplicateLead(b, a)).toBe(expected);
  });

  it('R2 an umlaut value has two folded forms, others one, blanks none', () => {
    expect(foldedForms('Müller')).toEqual(['muller', 'mueller']);
    expect(foldedForms('Straße')).toEqual(['strasse']);
    expect(foldedForms('  ')).toEqual([]);
    expect(foldedForms(undefined)).toEqual([]);
  });

  it('R3 keys: e-mail and every company × name form, without repeats', () => {
    expect(leadKeys(lead({ email: 'a@b.de', company: 'Öl' }))).toEqual([
      'email:a@b.de',
      'person:ol\u0001jorg muller',
      'person:ol\u0001joerg mueller',
      'person:oel\u0001jorg muller',
      'person:oel\u0001joerg mueller'
    ]);
    expect(leadKeys({ name: 'Eva' })).toEqual([]);
  });

  it('R4 round robin cycles through the candidates ordered by id, whatever order they come in', () => {
    const candidates = ['u3', 'u1', 'u2'];
    expect([0, 1, 2, 3, 4].map((turn) => roundRobinPick({ turn, candidates }))).toEqual(['u1', 'u2', 'u3', 'u1', 'u2']);
    expect(roundRobinPick({ turn: 7, candidates: [] })).toBeNull();
  });

  it('the summary lists what the form sent and stays within the limit; tags are source and campaign', () => {
    const text = leadSummary(
      { name: 'Eva', company: 'A', email: 'e@a.de', phone: '+49 1', source: 'web', campaign: 'spring', message: 'Hi' },
      4000
    );
    expect(text).toBe('Web lead: Eva (A)\nE-mail: e@a.de\nPhone: +49 1\nSource: web / spring\n\nHi');
    expect(leadSummary({ name: 'Eva', message: 'x'.repeat(5000) }, 100)).toHaveLength(100);
    expect(leadTags({ source: 'web', campaign: 'web' })).toEqual(['web']);
    expect(leadTags({ campaign: 'c'.repeat(50) })).toEqual(['c'.repeat(40)]);
  });
});
