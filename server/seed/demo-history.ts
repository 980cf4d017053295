/**
 * The demo company's past (issue #8): per dossier a timeline that fits its stage and age, its stage history,
 * and the callbacks, tasks and tickets of its people. Pure and deterministic like demo-company.ts: it draws
 * from its own SeededRandom, so adding history never changes the dossiers themselves.
 */
import type { Direction, InteractionType, PointOfSale, Stage, TaskKind } from '../../src/lib/contract';
import type { Interaction } from '../features/interactions/interaction-store';
import type { Task } from '../features/followups/task-store';
import { escalationDueAt, localDayBounds, TICKET_DUE_WORKING_MINUTES } from '../features/followups/followups.rules';
import { DEFAULT_TEAM_TIME_ZONE, DEFAULT_WORKING_HOURS } from '../kernel/team-calendar';
import type { Dossier, StageChange } from '../kernel/types';
import {
  CALLBACK_TITLES,
  fillIn,
  INBOUND_SUMMARIES,
  LEAD_ARRIVALS,
  LOST_OFFERS,
  OUTCOMES,
  PRODUCTS,
  STAGE_REASONS,
  SUMMARIES,
  SUMMARIES_AT,
  TASK_TITLES
} from './demo-history-vocabulary';
import type { Language } from './demo-places';
import type { DemoMember } from './demo-roster';
import type { SeededRandom } from './seeded-random';
import { DAY, HOUR, MINUTE, officeMoment } from './demo-time';

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

const MONTH = 30 * DAY;
/** Escalation delay of the demo teams: the default 2 working hours (followups.rules ES1). */
const ESCALATION_MINUTES = 120;

export interface DemoHistory {
  interactions: Interaction[];
  tasks: Task[];
  stageChanges: StageChange[];
}

export interface DemoHistoryDossier {
  dossier: Dossier;
  language: Language;
}

/** How many interactions a dossier of a stage has, before scaling by its age (customers: up to ~55). */
const ENTRY_COUNTS: Record<Stage, readonly [number, number]> = {
  lead: [1, 2],
  prospect: [4, 10],
  customer: [18, 55],
  key_account: [40, 75],
  dormant: [10, 28],
  winback: [12, 30],
  lost: [6, 16]
};

/** Types while a dossier is still being won, and once it buys. */
const PROSPECT_TYPES: Weighted<InteractionType> = [
  ['call', 10],
  ['email', 6],
  ['meeting', 3],
  ['visit', 2],
  ['offer', 3],
  ['note', 2]
];
const CUSTOMER_TYPES: Weighted<InteractionType> = [
  ['call', 10],
  ['email', 7],
  ['meeting', 2],
  ['visit', 4],
  ['offer', 3],
  ['order', 6],
  ['complaint', 1],
  ['note', 2]
];

/** Where each kind of contact happens: calls from the call centre, visits in the field, orders in the web shop. */
const POINT_OF_SALE: Record<InteractionType, Weighted<PointOfSale>> = {
  call: [
    ['call_centre', 7],
    ['field_sales', 2],
    ['service_technician', 1]
  ],
  email: [
    ['call_centre', 6],
    ['field_sales', 3],
    ['web_shop', 1]
  ],
  meeting: [
    ['field_sales', 8],
    ['call_centre', 2]
  ],
  visit: [
    ['field_sales', 7],
    ['service_technician', 3],
    ['shop', 1]
  ],
  offer: [
    ['field_sales', 5],
    ['call_centre', 4],
    ['shop', 1]
  ],
  order: [
    ['web_shop', 4],
    ['field_sales', 3],
    ['call_centre', 2],
    ['shop', 2]
  ],
  complaint: [
    ['call_centre', 5],
    ['service_technician', 3],
    ['shop', 1],
    ['web_shop', 1]
  ],
  note: [
    ['field_sales', 4],
    ['call_centre', 4],
    ['service_technician', 1]
  ]
};

const DIRECTION: Record<InteractionType, Weighted<Direction | null>> = {
  call: [
    ['outbound', 6],
    ['inbound', 4]
  ],
  email: [
    ['outbound', 5],
    ['inbound', 5]
  ],
  meeting: [['outbound', 1]],
  visit: [['outbound', 1]],
  offer: [['outbound', 1]],
  order: [['inbound', 1]],
  complaint: [['inbound', 1]],
  note: [[null, 1]]
};

/**
 * A due time on a weekday within [lower, upper], on the quarter hour between 07:00 and 15:45 UTC (08:00–16:45 in
 * Hamburg and Munich in winter, an hour later in summer): callbacks are planned for office hours.
 */
function dueMoment(rng: SeededRandom, lower: number, upper: number): number {
  const moment = officeMoment(rng, lower, upper);
  const day = Math.floor(moment / DAY) * DAY;
  const planned = day + rng.int(7 * 4, 15 * 4 + 3) * 15 * MINUTE;
  return planned >= lower && planned <= upper ? planned : moment;
}

/** Offers and orders in EUR, rounded like real quotes; key accounts buy bigger. */
function amountFor(rng: SeededRandom, type: InteractionType, stage: Stage): number | null {
  if (type !== 'offer' && type !== 'order') return null;
  const scale = stage === 'key_account' ? 4 : 1;
  const base = rng.weighted([
    [rng.int(8, 60) * 10, 3],
    [rng.int(10, 200) * 50, 4],
    [rng.int(20, 180) * 500, 1]
  ] as const);
  return base * scale + (rng.chance(0.3) ? rng.int(0, 99) / 100 : 0);
}

interface Ctx {
  rng: SeededRandom;
  now: number;
  dossier: Dossier;
  lang: Language;
  /** [userId, weight]: the owner logs most, colleagues of the team the rest. */
  authors: Weighted<string>;
}

function firstName(ctx: Ctx): string {
  const name = ctx.dossier.contactNames.length > 0 ? ctx.rng.pick(ctx.dossier.contactNames) : '';
  const words = name.split(' ').filter((w) => !/^(Dr\.|Prof\.)$/.test(w));
  return words[0] ?? (ctx.lang === 'de' ? 'Kunde' : 'customer');
}

function text(ctx: Ctx, templates: Record<Language, readonly string[]>): string {
  return fillIn(ctx.rng.pick(templates[ctx.lang]), {
    p: ctx.rng.pick(PRODUCTS[ctx.lang]),
    c: firstName(ctx),
    n: ctx.rng.int(2, 6)
  });
}

function interaction(
  ctx: Ctx,
  seq: number,
  at: number,
  type: InteractionType,
  summary: string,
  over: Partial<Interaction> = {}
): Interaction {
  const { rng, dossier } = ctx;
  const pointOfSale = over.pointOfSale ?? rng.weighted(POINT_OF_SALE[type]);
  const direction = over.direction !== undefined ? over.direction : rng.weighted(DIRECTION[type]);
  // An empty summary means "a usual one": what customers say when they call in, or what we did.
  const inbound = direction === 'inbound' && (type === 'call' || type === 'email');
  const wording =
    summary || text(ctx, inbound ? INBOUND_SUMMARIES[type] : (SUMMARIES_AT[pointOfSale]?.[type] ?? SUMMARIES[type]));
  return {
    id: `ix-${dossier.id}-${String(seq).padStart(3, '0')}`,
    dossierId: dossier.id,
    teamId: dossier.teamId,
    type,
    at,
    pointOfSale,
    direction,
    contactName: type === 'note' || dossier.contactNames.length === 0 ? null : rng.pick(dossier.contactNames),
    summary: wording,
    amount: amountFor(rng, type, dossier.stage),
    // A web-shop order has no person behind it; the owner's account is what the shop import logs it under.
    authorId: pointOfSale === 'web_shop' ? dossier.ownerId : rng.weighted(ctx.authors),
    // Logged a few minutes to an hour after it happened.
    createdAt: Math.min(ctx.now, at + rng.int(2, 60) * MINUTE),
    corrections: [],
    ...over
  };
}

/** When the dossier's contact ended, or null when it is still going on (an active dossier). */
function lastContact(ctx: Ctx): number | null {
  const { rng, now, dossier } = ctx;
  if (dossier.stage === 'dormant') {
    // Went quiet 12–30 months ago (never before the dossier existed: it was created ≥ 400 days ago).
    return Math.max(dossier.createdAt + 30 * DAY, now - rng.int(12 * 30 + 5, 30 * 30) * DAY);
  }
  if (dossier.stage === 'lost') return officeMoment(rng, Math.max(dossier.createdAt, now - 14 * MONTH), now - 3 * DAY);
  return null;
}

function historyOf(ctx: Ctx): { interactions: Interaction[]; stageChanges: StageChange[] } {
  const { rng, now, dossier, lang } = ctx;
  const stage = dossier.stage;
  const start = dossier.createdAt;
  const quietSince = lastContact(ctx);
  const end = quietSince ?? now - rng.int(0, 20) * DAY;
  const span = Math.max(DAY, end - start);
  const [min, max] = ENTRY_COUNTS[stage];
  // Younger dossiers have had less time to collect entries: scale by age up to two years.
  const ageShare = Math.min(1, span / (2 * 365 * DAY));
  const count = Math.max(min, Math.round(rng.int(min, max) * (0.35 + 0.65 * ageShare)));

  const times = [start + rng.int(0, 90) * MINUTE];
  for (let i = 1; i < count; i++) times.push(officeMoment(rng, start + HOUR, Math.max(start + HOUR, end)));
  times.sort((a, b) => a - b);

  const buys = stage === 'customer' || stage === 'key_account' || stage === 'dormant' || stage === 'winback';
  // The first order (or, for lost prospects, a third of the way) is when the dossier became a customer.
  const wonIndex = buys ? Math.max(1, Math.min(count - 1, Math.round(count * rng.int(10, 30) * 0.01))) : count;
  const out: Interaction[] = [];
  times.forEach((at, i) => {
    if (i === 0) {
      const arrival = rng.pick(LEAD_ARRIVALS);
      const summary = text(ctx, { de: [arrival.text.de], en: [arrival.text.en] });
      out.push(
        interaction(ctx, i + 1, at, arrival.type, summary, { direction: 'inbound', pointOfSale: arrival.pointOfSale })
      );
      return;
    }
    let type: InteractionType = i === wonIndex ? 'order' : rng.weighted(i < wonIndex ? PROSPECT_TYPES : CUSTOMER_TYPES);
    if (i === count - 1 && stage === 'lost') type = rng.chance(0.5) ? 'complaint' : 'offer';
    const summary = i === count - 1 && stage === 'lost' && type === 'offer' ? text(ctx, LOST_OFFERS) : '';
    out.push(interaction(ctx, i + 1, at, type, summary));
  });
  // Some active customers complained lately: their tickets are what the ticket list shows open.
  const active = stage === 'customer' || stage === 'key_account' || stage === 'winback';
  if (active && rng.chance(0.15)) {
    const at = officeMoment(rng, Math.max(start, now - 20 * DAY), now - HOUR);
    out.push(interaction(ctx, count + 1, at, 'complaint', ''));
  }

  const changes: StageChange[] = [];
  const move = (from: Stage | null, to: Stage, at: number, byId: string | null, reason: string | null = null) =>
    changes.push({
      id: `sc-${dossier.id}-${changes.length + 1}`,
      dossierId: dossier.id,
      from,
      to,
      reason,
      byId,
      // Never before the previous move: the first order may fall within the hour the lead was qualified.
      at: Math.max(changes.at(-1)?.at ?? 0, Math.min(now, Math.round(at)))
    });
  const reason = (to: Stage) => (STAGE_REASONS[to] ? rng.pick(STAGE_REASONS[to]![lang]) : null);
  const owner = dossier.ownerId;
  move(null, 'lead', start, dossier.createdBy);
  if (stage === 'lead') return { interactions: out, stageChanges: changes };
  const qualified = times[Math.min(1, count - 1)] + HOUR;
  move('lead', 'prospect', qualified, owner);
  if (stage === 'prospect') return { interactions: out, stageChanges: changes };
  if (stage === 'lost' && !buys) {
    move('prospect', 'lost', (quietSince ?? end) + rng.int(1, 10) * DAY, owner, reason('lost'));
    return { interactions: out, stageChanges: changes };
  }
  const won = times[wonIndex] + MINUTE;
  move('prospect', 'customer', won, owner);
  if (stage === 'key_account') move('customer', 'key_account', won + (end - won) * 0.4, owner, reason('key_account'));
  if (stage === 'dormant' || stage === 'winback') {
    const quiet = (quietSince ?? times[count - 1]) + rng.int(120, 300) * DAY;
    move('customer', 'dormant', Math.min(quiet, now - 30 * DAY), null, reason('dormant'));
  }
  if (stage === 'winback') move('dormant', 'winback', now - rng.int(3, 25) * DAY, owner, reason('winback'));
  return { interactions: out, stageChanges: changes };
}

function task(
  ctx: Ctx,
  n: number,
  kind: TaskKind,
  title: string,
  dueAt: number,
  createdAt: number,
  over: Partial<Task> = {}
): Task {
  const { dossier, now } = ctx;
  const escalateAt = escalationDueAt({
    dueAt,
    workingHours: DEFAULT_WORKING_HOURS,
    timeZone: DEFAULT_TEAM_TIME_ZONE,
    delayMinutes: ESCALATION_MINUTES
  });
  const base: Task = {
    id: `tk-${dossier.id}-${n}`,
    dossierId: dossier.id,
    teamId: dossier.teamId,
    kind,
    title,
    dueAt,
    assigneeId: dossier.ownerId,
    actingAssigneeId: dossier.ownerId,
    status: 'open',
    outcome: null,
    escalateAt,
    // Open and past its escalation time: the managers were told back then (the job would otherwise flood them
    // with dozens of escalations on first start).
    escalatedAt: escalateAt <= now ? escalateAt : null,
    overdueAt: null,
    createdAt,
    createdBy: dossier.ownerId,
    updatedAt: createdAt,
    interactionId: null,
    severity: null,
    version: 1,
    ...over
  };
  if (base.status === 'done') base.escalatedAt = null;
  // Open and past due: it fell overdue back then (task.overdue is news only when it happens, not on first start).
  if (!('overdueAt' in over)) base.overdueAt = base.status !== 'done' && base.dueAt <= now ? base.dueAt : null;
  return base;
}

/** Open callbacks and tasks (overdue, today, upcoming), tickets for complaints, and done ones with outcomes. */
function tasksOf(ctx: Ctx, interactions: Interaction[]): Task[] {
  const { rng, now, dossier, lang } = ctx;
  const out: Task[] = [];
  const active = dossier.stage !== 'dormant' && dossier.stage !== 'lost';
  const { end: endOfToday } = localDayBounds({ at: now, timeZone: DEFAULT_TEAM_TIME_ZONE });

  if (active && rng.chance(dossier.stage === 'lead' ? 0.7 : 0.45)) {
    const bucket = rng.weighted([
      ['overdue', 3],
      ['today', 2],
      ['upcoming', 5]
    ] as const);
    // Due today: within the next three hours on the quarter hour, but before midnight (the bucket ends there).
    const todayLatest = Math.min(endOfToday - MINUTE, now + 3 * HOUR);
    const dueAt =
      bucket === 'overdue'
        ? dueMoment(rng, now - 10 * DAY, now - HOUR)
        : bucket === 'today'
          ? Math.max(
              now + MINUTE,
              Math.min(todayLatest, Math.ceil((now + rng.int(10, 180) * MINUTE) / (15 * MINUTE)) * 15 * MINUTE)
            )
          : dueMoment(rng, endOfToday, endOfToday + 21 * DAY);
    const from = interactions.at(-1);
    out.push(
      task(ctx, out.length + 1, 'callback', text(ctx, CALLBACK_TITLES), dueAt, Math.min(now, from ? from.at : now), {
        interactionId: from?.id ?? null
      })
    );
  }
  if (active && dossier.stage !== 'lead' && rng.chance(0.2)) {
    const dueAt = dueMoment(rng, now - 5 * DAY, now + 14 * DAY);
    out.push(task(ctx, out.length + 1, 'task', text(ctx, TASK_TITLES), dueAt, now - rng.int(1, 10) * DAY));
  }

  // Every complaint has its ticket: open when recent (the last 30 days), resolved with an outcome before that.
  for (const complaint of interactions.filter((i) => i.type === 'complaint')) {
    const severity = rng.chance(0.3) ? 'high' : 'normal';
    const dueAt = escalationDueAt({
      dueAt: complaint.at,
      workingHours: DEFAULT_WORKING_HOURS,
      timeZone: DEFAULT_TEAM_TIME_ZONE,
      delayMinutes: TICKET_DUE_WORKING_MINUTES[severity]
    });
    const open = complaint.at > now - 30 * DAY;
    out.push(
      task(ctx, out.length + 1, 'ticket', complaint.summary.slice(0, 80), dueAt, complaint.createdAt, {
        severity,
        interactionId: complaint.id,
        createdBy: complaint.authorId,
        status: open ? (rng.chance(0.5) ? 'in_progress' : 'open') : 'done',
        outcome: open ? null : rng.pick(OUTCOMES[lang]),
        updatedAt: open ? complaint.createdAt : Math.min(now, dueAt + rng.int(0, 48) * HOUR)
      })
    );
  }

  // A few callbacks done in the past, with what came of them.
  const past = interactions.filter((i) => i.type === 'call' || i.type === 'offer' || i.type === 'visit');
  for (const from of rng.sample(past, rng.int(0, 2))) {
    const dueAt = officeMoment(rng, from.at + DAY, from.at + 7 * DAY);
    if (dueAt >= now) continue;
    out.push(
      task(ctx, out.length + 1, 'callback', text(ctx, CALLBACK_TITLES), dueAt, from.createdAt, {
        interactionId: from.id,
        status: 'done',
        outcome: rng.pick(OUTCOMES[lang]),
        updatedAt: Math.min(now, dueAt + rng.int(0, 6) * HOUR)
      })
    );
  }
  return out;
}

export function generateDemoHistory(options: {
  rng: SeededRandom;
  now: number;
  dossiers: readonly DemoHistoryDossier[];
  members: readonly DemoMember[];
}): DemoHistory {
  const { rng, now } = options;
  const history: DemoHistory = { interactions: [], tasks: [], stageChanges: [] };
  for (const { dossier, language } of options.dossiers) {
    const colleagues = options.members
      .map((m) => m.user)
      .filter((u) => u.teamIds.includes(dossier.teamId) && u.role !== 'viewer' && u.id !== dossier.ownerId);
    const authors: Weighted<string> = [[dossier.ownerId, 12], ...colleagues.map((u) => [u.id, 1] as const)];
    const ctx: Ctx = { rng, now, dossier, lang: language, authors };
    const { interactions, stageChanges } = historyOf(ctx);
    history.interactions.push(...interactions);
    history.stageChanges.push(...stageChanges);
    history.tasks.push(...tasksOf(ctx, interactions));
  }
  return history;
}
