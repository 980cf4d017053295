import { describe, expect, it } from 'vitest';
import {
  CONTACT_CONFIRM_MS,
  knowledgeRiskReasons,
  personRisk,
  QUIET_MS,
  type RiskSubject
} from '../../server/features/continuity/knowledge-risk.rules';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

/** A dossier nothing is wrong with; each case breaks one thing. */
const healthy = (patch: Partial<RiskSubject> = {}): RiskSubject => ({
  id: 'd1',
  standInIds: ['u2'],
  createdAt: NOW - 3 * QUIET_MS,
  lastInteractionAt: NOW - 86_400_000,
  knowledge: {
    hasPrimaryContact: true,
    primaryContactConfirmedAt: iso(NOW - 30 * 86_400_000),
    hasMainInterests: true,
    hasAgreedConditions: true
  },
  ...patch
});
const knowledge = (patch: Partial<NonNullable<RiskSubject['knowledge']>>) => ({ ...healthy().knowledge!, ...patch });

describe('knowledge-risk rules', () => {
  it.each([
    ['nothing wrong', healthy(), []],
    ['K1 no stand-in', healthy({ standInIds: [] }), ['noStandIn']],
    ['K2 no primary contact', healthy({ knowledge: knowledge({ hasPrimaryContact: false }) }), ['contactUnconfirmed']],
    [
      'K2 never confirmed',
      healthy({ knowledge: knowledge({ primaryContactConfirmedAt: null }) }),
      ['contactUnconfirmed']
    ],
    [
      'K2 confirmed exactly 12 months ago is still fine',
      healthy({ knowledge: knowledge({ primaryContactConfirmedAt: iso(NOW - CONTACT_CONFIRM_MS) }) }),
      []
    ],
    [
      'K2 confirmed longer ago',
      healthy({ knowledge: knowledge({ primaryContactConfirmedAt: iso(NOW - CONTACT_CONFIRM_MS - 1) }) }),
      ['contactUnconfirmed']
    ],
    ['K3 main interests empty', healthy({ knowledge: knowledge({ hasMainInterests: false }) }), ['knowledgeEmpty']],
    [
      'K3 agreed conditions empty',
      healthy({ knowledge: knowledge({ hasAgreedConditions: false }) }),
      ['knowledgeEmpty']
    ],
    ['K2 K3 never projected', healthy({ knowledge: undefined }), ['contactUnconfirmed', 'knowledgeEmpty']],
    ['K4 quiet for more than 6 months', healthy({ lastInteractionAt: NOW - QUIET_MS - 1 }), ['quiet']],
    ['K4 exactly 6 months is not yet quiet', healthy({ lastInteractionAt: NOW - QUIET_MS }), []],
    ['K4 never logged, created long ago', healthy({ lastInteractionAt: null }), ['quiet']],
    ['K4 never logged, created last week', healthy({ lastInteractionAt: null, createdAt: NOW - 7 * 86_400_000 }), []],
    [
      'all four, in K order',
      healthy({ standInIds: [], knowledge: undefined, lastInteractionAt: null }),
      ['noStandIn', 'contactUnconfirmed', 'knowledgeEmpty', 'quiet']
    ]
  ] as const)('%s', (_name, dossier, expected) => {
    expect(knowledgeRiskReasons(dossier, NOW)).toEqual(expected);
  });

  it('counts a person’s dossiers at risk and each reason once per dossier', () => {
    const risk = personRisk(
      [
        healthy({ id: 'a' }),
        healthy({ id: 'b', standInIds: [] }),
        healthy({ id: 'c', standInIds: [], lastInteractionAt: null })
      ],
      NOW
    );
    expect(risk).toEqual({
      dossierCount: 3,
      atRisk: 2,
      reasons: { noStandIn: 2, contactUnconfirmed: 0, knowledgeEmpty: 0, quiet: 1 },
      dossierIds: ['b', 'c']
    });
  });
});
