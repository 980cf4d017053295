/**
 * Bulk data for the timeline/tasks benchmark (issue #8): interactions spread over every dossier, one dossier
 * with a long timeline (interactions + system entries in the activity log), and tasks with one rep holding
 * thousands of open ones.
 *
 * Rows go straight into the app's SQLite file through a second connection (WAL lets it write while the app
 * has the file open), one transaction per chunk: going through the services would take hours for 1,000,000
 * rows. The rows have the columns and JSON shapes the adapters write, so the reads under test cannot tell.
 * Interactions are generated dossier by dossier with ascending ids, so both the primary key and the
 * (dossier_id, at, id) index grow at their right edge: random order would make every insert a cache miss.
 */
import { dueWindow } from '../../server/features/followups/followups.rules';
import { createSeededRandom, type SeededRandom } from '../../server/seed/seeded-random';
import { openSqliteDatabase } from '../../server/storage/sqlite/open-sqlite-database';
import { INTERACTION_TYPES, LIFECYCLE_STAGES, POINTS_OF_SALE } from '../../src/lib/contract';

export interface TimelineTasksDataOptions {
  dbFile: string;
  /** Every dossier id in the store (interactions are spread over them). */
  dossierIds: string[];
  /** The dossier that gets the long timeline, and its team. */
  bigDossier: { id: string; teamId: string };
  bigTimelineEntries: number;
  /** Share of the long timeline that are system entries (stage changes, done tasks) in the activity log. */
  bigSystemShare: number;
  totalInteractions: number;
  rep: { id: string; teamId: string };
  repOpenTasks: number;
  /** Other people's tasks, so the rep's rows are a slice of a larger table (as in a real team). */
  otherTasks: { assigneeIds: string[]; count: number; teamId: string };
  /** Dossiers of the rep's team (task dossiers are drawn from them). */
  teamDossierIds: string[];
  authorIds: string[];
  now: number;
  timeZone: string;
  chunk: number;
}

export interface TimelineTasksData {
  interactions: number;
  bigInteractions: number;
  bigSystemEntries: number;
  bigLoggedEvents: number;
  tasks: number;
  repTasks: { open: number; overdue: number; today: number; upcoming: number; done: number };
  /** Matches of the filtered timeline cases on the big dossier, for the table. */
  bigByType: Record<string, number>;
  bigByPointOfSale: Record<string, number>;
  generateMs: number;
  insertMs: number;
}

const YEAR_MS = 365 * 24 * 3600_000;
const WORDS = (
  'Rückruf wegen Angebot Lieferung Termin verschoben Preis Rabatt Muster geschickt Kunde zufrieden Reklamation ' +
  'Ersatzteil bestellt Wartung vereinbart Messe Besuch Filiale Vertrag verlängert Budget Quartal Entscheidung ' +
  'Einkauf Geschäftsführer Technik Rückfrage Rechnung Mahnung Nachfrage Projekt Ausschreibung Bedarf'
).split(' ');

const summaryOf = (rng: SeededRandom) => {
  const n = rng.int(6, 18);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(WORDS));
  return out.join(' ');
};

/** Inserts everything; returns counts (for the table) and how long generating and inserting took. */
export function insertTimelineTasksData(o: TimelineTasksDataOptions): TimelineTasksData {
  const rng = createSeededRandom(8888);
  const db = openSqliteDatabase({ file: o.dbFile });
  let generateMs = 0;
  let insertMs = 0;
  const timed = <T>(bucket: 'gen' | 'ins', fn: () => T): T => {
    const t = performance.now();
    const r = fn();
    if (bucket === 'gen') generateMs += performance.now() - t;
    else insertMs += performance.now() - t;
    return r;
  };
  try {
    // Room for the index pages being appended to; the app's own connection keeps its normal 32 MB.
    db.pragma('cache_size = -256000');
    const insertInteraction = db.prepare(
      `INSERT INTO interactions (id, dossier_id, team_id, type, at, point_of_sale, direction, contact_name, summary,
         amount, author_id, created_at, corrections) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`
    );
    const insertEvent = db.prepare(
      `INSERT INTO activity (id, type, at, actor_id, on_behalf_of_id, team_id, dossier_id, data)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`
    );
    const insertTask = db.prepare(
      `INSERT INTO tasks (id, dossier_id, team_id, kind, title, due_at, assignee_id, acting_assignee_id, status,
         outcome, escalate_at, escalated_at, created_at, created_by, updated_at, interaction_id, severity, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1)`
    );
    const teamOf = new Map<string, string>(
      (db.prepare('SELECT id, team_id FROM dossiers').all() as { id: string; team_id: string }[]).map((r) => [
        r.id,
        r.team_id
      ])
    );

    // ---- interactions: the big dossier's share, the rest spread ~evenly over every other dossier ----
    const bigSystem = Math.round(o.bigTimelineEntries * o.bigSystemShare);
    const bigInteractions = o.bigTimelineEntries - bigSystem;
    const others = [...o.dossierIds].filter((id) => id !== o.bigDossier.id).sort();
    const rest = o.totalInteractions - bigInteractions;
    const bigByType: Record<string, number> = {};
    const bigByPointOfSale: Record<string, number> = {};
    let seq = 0;
    type Row = Parameters<typeof insertInteraction.run>;
    let rows: Row[] = [];
    const flush = () => {
      const batch = rows;
      rows = [];
      timed('ins', () => db.transaction(() => batch.forEach((r) => insertInteraction.run(...r)))());
    };
    const makeInteraction = (dossierId: string, at: number): Row => {
      const type = rng.pick(INTERACTION_TYPES);
      const pos = rng.pick(POINTS_OF_SALE);
      const id = `bi-${String(++seq).padStart(8, '0')}`;
      return [
        id,
        dossierId,
        teamOf.get(dossierId) ?? o.bigDossier.teamId,
        type,
        at,
        pos,
        rng.chance(0.5) ? 'inbound' : 'outbound',
        rng.chance(0.7) ? 'Frau Beispiel' : null,
        summaryOf(rng),
        type === 'offer' || type === 'order' ? rng.int(100, 100_000) : null,
        rng.pick(o.authorIds),
        at
      ];
    };
    const bigRows: Row[] = [];
    timed('gen', () => {
      for (let i = 0; i < bigInteractions; i++) {
        // ~1 % share a millisecond with the previous entry: the (at, id) tie-break is exercised too.
        const at = o.now - rng.int(60_000, 5 * YEAR_MS);
        const row = makeInteraction(o.bigDossier.id, at);
        bigByType[row[3] as string] = (bigByType[row[3] as string] ?? 0) + 1;
        bigByPointOfSale[row[5] as string] = (bigByPointOfSale[row[5] as string] ?? 0) + 1;
        bigRows.push(row);
        if (i > 0 && rng.chance(0.01)) row[4] = bigRows[i - 1][4];
      }
    });
    rows = bigRows;
    flush();
    const perDossier = rest / others.length;
    let carry = 0;
    let made = 0;
    for (const dossierId of others) {
      carry += perDossier;
      const n = Math.min(Math.floor(carry), rest - made);
      carry -= n;
      timed('gen', () => {
        for (let k = 0; k < n; k++) rows.push(makeInteraction(dossierId, o.now - rng.int(60_000, 3 * YEAR_MS)));
      });
      made += n;
      if (rows.length >= o.chunk) flush();
    }
    while (made < rest) {
      rows.push(makeInteraction(others[made % others.length], o.now - rng.int(60_000, YEAR_MS)));
      made++;
    }
    flush();

    // ---- activity for the big dossier: a logged event per interaction (as the service writes it) and the
    //      system entries. The timeline reads system entries through activity_dossier_at and has to step over
    //      the logged events, so leaving them out would flatter it. ----
    type EventRow = Parameters<typeof insertEvent.run>;
    const events: EventRow[] = [];
    timed('gen', () => {
      for (const r of bigRows) {
        const item = {
          id: r[0],
          kind: 'interaction',
          type: r[3],
          at: new Date(r[4] as number).toISOString(),
          summary: r[8]
        };
        events.push([
          `ev-l-${r[0]}`,
          'interaction.logged',
          r[4],
          r[10],
          o.bigDossier.teamId,
          o.bigDossier.id,
          JSON.stringify({ item })
        ]);
      }
      for (let i = 0; i < bigSystem; i++) {
        const at = o.now - rng.int(60_000, 5 * YEAR_MS);
        const id = `ev-s-${String(i).padStart(6, '0')}`;
        if (i % 2 === 0) {
          const data = {
            from: rng.pick(LIFECYCLE_STAGES),
            to: rng.pick(LIFECYCLE_STAGES),
            reason: rng.chance(0.5) ? summaryOf(rng) : null
          };
          events.push([
            id,
            'dossier.stage_changed',
            at,
            rng.pick(o.authorIds),
            o.bigDossier.teamId,
            o.bigDossier.id,
            JSON.stringify(data)
          ]);
        } else {
          const data = { task: { id: `t-done-${i}`, title: summaryOf(rng) }, outcome: summaryOf(rng) };
          events.push([
            id,
            'task.completed',
            at,
            rng.pick(o.authorIds),
            o.bigDossier.teamId,
            o.bigDossier.id,
            JSON.stringify(data)
          ]);
        }
      }
    });
    bigByType.stage_changed = Math.ceil(bigSystem / 2);
    bigByType.task_done = Math.floor(bigSystem / 2);
    timed('ins', () => db.transaction(() => events.forEach((e) => insertEvent.run(...e)))());

    // ---- tasks: the rep's open ones in three due buckets, some done, and the rest of the team's ----
    const today = dueWindow({ due: 'today', now: o.now, timeZone: o.timeZone });
    const todayFrom = o.now + 10 * 60_000;
    const todayTo = Math.max(todayFrom + 60_000, today.before ?? todayFrom);
    type TaskRow = Parameters<typeof insertTask.run>;
    const tasks: TaskRow[] = [];
    const repTasks = { open: 0, overdue: 0, today: 0, upcoming: 0, done: 0 };
    let taskSeq = 0;
    const makeTask = (assigneeId: string, teamId: string, dossierIds: string[], dueAt: number, status: string) => {
      const kind = rng.pick(['callback', 'task', 'ticket'] as const);
      // Overdue open tasks are escalated already: the escalation job must not start writing mid-run.
      const escalateAt = dueAt + 2 * 3600_000;
      const escalatedAt = status !== 'done' && escalateAt <= o.now ? escalateAt : null;
      const createdAt = Math.min(dueAt, o.now) - rng.int(3600_000, 30 * 24 * 3600_000);
      tasks.push([
        `bt-${String(++taskSeq).padStart(7, '0')}`,
        rng.pick(dossierIds),
        teamId,
        kind,
        summaryOf(rng).slice(0, 80),
        dueAt,
        assigneeId,
        assigneeId,
        status === 'open' && kind === 'ticket' && rng.chance(0.3) ? 'in_progress' : status,
        status === 'done' ? summaryOf(rng) : null,
        escalateAt,
        escalatedAt,
        createdAt,
        assigneeId,
        createdAt,
        kind === 'ticket' ? rng.pick(['high', 'normal']) : null
      ]);
    };
    timed('gen', () => {
      for (let i = 0; i < o.repOpenTasks; i++) {
        // A quarter overdue, a tenth due later today, the rest upcoming over the next 90 days.
        const bucket = i % 20 < 5 ? 'overdue' : i % 20 < 7 ? 'today' : 'upcoming';
        const dueAt =
          bucket === 'overdue'
            ? o.now - rng.int(60_000, 60 * 24 * 3600_000)
            : bucket === 'today'
              ? rng.int(todayFrom, todayTo - 1)
              : todayTo + rng.int(0, 90 * 24 * 3600_000);
        makeTask(o.rep.id, o.rep.teamId, o.teamDossierIds, dueAt, 'open');
        repTasks[bucket]++;
        repTasks.open++;
      }
      for (let i = 0; i < o.repOpenTasks; i++) {
        makeTask(o.rep.id, o.rep.teamId, o.teamDossierIds, o.now - rng.int(0, YEAR_MS), 'done');
        repTasks.done++;
      }
      for (let i = 0; i < o.otherTasks.count; i++) {
        const dueAt = o.now + rng.int(-60, 90) * 24 * 3600_000 + rng.int(0, 86_399_999);
        makeTask(
          rng.pick(o.otherTasks.assigneeIds),
          o.otherTasks.teamId,
          o.teamDossierIds,
          dueAt,
          rng.chance(0.6) ? 'open' : 'done'
        );
      }
    });
    timed('ins', () => db.transaction(() => tasks.forEach((t) => insertTask.run(...t)))());
    // No ANALYZE: the app never runs one on a live store (only PRAGMA optimize at close), so the planner here
    // works without statistics, as it would on the first day after such a bulk import.

    return {
      interactions: seq,
      bigInteractions,
      bigSystemEntries: bigSystem,
      bigLoggedEvents: bigRows.length,
      tasks: tasks.length,
      repTasks,
      bigByType,
      bigByPointOfSale,
      generateMs,
      insertMs
    };
  } finally {
    db.close();
  }
}
