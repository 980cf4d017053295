import type { Stage } from '../../../src/lib/contract';

/** A dossier whose last activity lies before a cutoff (dormancy candidates, dormant ones). */
export interface QuietDossier {
  dossierId: string;
  stage: Stage;
  /** Newest interaction `at`; null when none was ever logged. */
  lastInteractionAt: number | null;
  createdAt: number;
}

/** What the sleeping list ranks by, per dossier. */
export interface DossierValueStats {
  dossierId: string;
  /** Sum of all order amounts. */
  orderTotal: number;
  /** All interactions of the dossier. */
  interactionCount: number;
  /** Interactions at or after `activeFrom` of that dossier (its last active years, dormancy.rules W2). */
  activeCount: number;
}

export interface DossierRevenue {
  dossierId: string;
  /** Order amounts with at >= since12 / since36. */
  revenue12: number;
  revenue36: number;
}

/**
 * Port: a read model over dossiers and their interactions for issue #11 (sleeping customers, premium). It owns
 * no data: the adapters query the dossier and interaction records with grouped queries, so lists never page
 * through timelines in the service.
 *
 * CV1 quiet({ teamIds, stages, before }) gives the dossiers of those teams ('all': every team) in those stages
 *     whose newest interaction — or, without any, whose creation — is strictly before `before`; `dossierIds`
 *     adds dossiers by id (covered ones of other teams), still filtered by stage and quietness.
 * CV2 stats(dossiers) gives per dossier (each with its own activeFrom) the sum of its order amounts, its
 *     interaction count and its interactions at or after activeFrom. Dossiers without interactions get zeros.
 * CV3 revenue({ teamIds, since12, since36 }) gives, per dossier of those teams with an order at or after
 *     since36, the sum of order amounts at or after since12 and at or after since36; others are left out.
 *     `dossierIds` adds dossiers by id as in CV1.
 */
export interface CustomerValueStore {
  quiet(options: {
    teamIds: readonly string[] | 'all';
    dossierIds?: readonly string[];
    stages: readonly Stage[];
    before: number;
  }): Promise<QuietDossier[]>;
  stats(dossiers: ReadonlyArray<{ dossierId: string; activeFrom: number }>): Promise<DossierValueStats[]>;
  revenue(options: {
    teamIds: readonly string[] | 'all';
    dossierIds?: readonly string[];
    since12: number;
    since36: number;
  }): Promise<DossierRevenue[]>;
}
