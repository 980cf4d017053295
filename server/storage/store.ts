import type { ActivityStore } from '../features/feed/activity-store';
import type { DocumentStore } from '../ports/document-store';
import type { JobRunStore } from '../ports/job-run-store';
import type { DossierStore } from '../features/dossiers/dossier-store';
import type { SessionStore } from '../features/identity/session-store';
import type { UserStore } from '../features/identity/user-store';
import type { TaskStore } from '../features/followups/task-store';
import type { VersionStore } from '../features/history/version-store';
import type { InteractionStore } from '../features/interactions/interaction-store';
import type { IntakeStore } from '../features/intake/intake-store';
import type { AbsenceStore } from '../features/continuity/absence-store';
import type { HandoffStore } from '../features/continuity/handoff-store';
import type { CoverageGapStore } from '../features/continuity/coverage-gap-store';
import type { KpiStore } from '../features/kpis/kpi-store';
import type { SegmentStore } from '../features/segments/segment-store';
import type { ImportStore } from '../features/segments/import-store';
import type { WinbackStore } from '../features/winback/winback-store';
import type { CustomerValueStore } from '../features/winback/customer-value-store';
import type { SearchIndex } from '../features/search/search-store';

/** Everything persistent, behind one handle so the composition root can pick SQLite or MongoDB. */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly dossiers: DossierStore;
  readonly documents: DocumentStore;
  readonly activity: ActivityStore;
  readonly versions: VersionStore;
  /** Issue #8: what people logged on dossiers' timelines. */
  readonly interactions: InteractionStore;
  /** Callbacks, tasks and tickets (issue #8). */
  readonly tasks: TaskStore;
  /** Lead intake (issue #8): team intake keys, the lead ledger, round-robin turns. */
  readonly intake: IntakeStore;
  /** Issue #9: absences (continuity). */
  readonly absences: AbsenceStore;
  /** Issue #9: hand-offs with their briefing snapshots. */
  readonly handoffs: HandoffStore;
  /** Issue #9: dossiers in an open coverage gap (the projection of coverage.gap_opened / gap_closed). */
  readonly coverageGaps: CoverageGapStore;
  /** Issue #10: the KPIs' read side (facts per team and period). */
  readonly kpis: KpiStore;
  /** Issue #11: tags, saved lists and their queries. */
  readonly segments: SegmentStore;
  /** Issue #11: CSV imports (duplicate identities, the all-or-nothing commit). */
  readonly imports: ImportStore;
  /** Issue #11: win-back processes. */
  readonly winbacks: WinbackStore;
  /** Issue #11: order values and quietness of dossiers (a read model over dossiers and interactions). */
  readonly customerValue: CustomerValueStore;
  /** Issue #11: the full-text search index (SQLite FTS5 / MongoDB text index). */
  readonly search: SearchIndex;
  /** The scheduler's run claims. */
  readonly jobRuns: JobRunStore;
  close(): Promise<void>;
}
