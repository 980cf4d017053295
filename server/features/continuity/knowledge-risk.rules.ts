import type { KnowledgeRiskReason } from '../../../src/lib/contract';
import type { Dossier } from '../../kernel/types';

/*
 * Knowledge at risk (issue #9): would this dossier lose knowledge if its owner left today?
 *
 * K1 noStandIn: the dossier names no stand-in (nobody else has been following it).
 * K2 contactUnconfirmed: there is no primary contact, or nobody confirmed it is still right within the last
 *    CONTACT_CONFIRM_MS (12 months, as 365 days), or never.
 * K3 knowledgeEmpty: main interests or agreed conditions are empty in the document.
 * K4 quiet: nothing was logged on the timeline for QUIET_MS (6 months, as 183 days); a dossier without any
 *    interaction counts from its creation (a lead created last week is not quiet yet).
 * A dossier whose document was never projected (no `knowledge`) counts as K2 and K3: nothing known is kept.
 * A dossier is at risk when any rule applies; reasons are listed in K order.
 */
export const CONTACT_CONFIRM_MS = 365 * 86_400_000;
export const QUIET_MS = 183 * 86_400_000;

export type RiskSubject = Pick<Dossier, 'id' | 'standInIds' | 'knowledge' | 'createdAt'> & {
  /** Epoch ms of the newest interaction on its timeline; null when none. */
  lastInteractionAt: number | null;
};

export function knowledgeRiskReasons(dossier: RiskSubject, now: number): KnowledgeRiskReason[] {
  const reasons: KnowledgeRiskReason[] = [];
  const k = dossier.knowledge;
  if (dossier.standInIds.length === 0) reasons.push('noStandIn'); // K1
  const confirmedAt =
    k?.hasPrimaryContact && k.primaryContactConfirmedAt ? Date.parse(k.primaryContactConfirmedAt) : NaN;
  if (!(now - confirmedAt <= CONTACT_CONFIRM_MS)) reasons.push('contactUnconfirmed'); // K2 (NaN: never)
  if (!k?.hasMainInterests || !k.hasAgreedConditions) reasons.push('knowledgeEmpty'); // K3
  if (now - (dossier.lastInteractionAt ?? dossier.createdAt) > QUIET_MS) reasons.push('quiet'); // K4
  return reasons;
}

export interface PersonRisk {
  dossierCount: number;
  atRisk: number;
  reasons: Record<KnowledgeRiskReason, number>;
  dossierIds: string[];
}

/** One person's counts over their dossiers (KnowledgeRiskDTO without the name). */
export function personRisk(dossiers: readonly RiskSubject[], now: number): PersonRisk {
  const result: PersonRisk = {
    dossierCount: dossiers.length,
    atRisk: 0,
    reasons: { noStandIn: 0, contactUnconfirmed: 0, knowledgeEmpty: 0, quiet: 0 },
    dossierIds: []
  };
  for (const d of dossiers) {
    const reasons = knowledgeRiskReasons(d, now);
    if (reasons.length === 0) continue;
    result.atRisk += 1;
    result.dossierIds.push(d.id);
    for (const r of reasons) result.reasons[r] += 1;
  }
  return result;
}
