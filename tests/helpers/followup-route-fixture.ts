import type { Page, Route } from 'playwright-core';
import type {
  CreatedIntakeKeyDTO,
  IntakeKeyDTO,
  StageChangeDTO,
  TaskDTO,
  TimelineItemDTO
} from '../../src/lib/contract';

/**
 * Issue #8's REST endpoints answered inside the browser with page.route, until the server implements them:
 * contract-shaped, stateful (complete removes a task, a log adds an entry), and recording every request body
 * so tests assert what the UI sent. Everything else (session, dossiers, sockets) is the real server.
 */
export interface FollowupFixture {
  tasks: TaskDTO[];
  timeline: TimelineItemDTO[];
  keys: IntakeKeyDTO[];
  stages: StageChangeDTO[];
  /** Every request to an intercepted endpoint: method, path (with query), parsed JSON body. */
  requests: Array<{ method: string; path: string; body: unknown }>;
  stop(): Promise<void>;
}

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface FixtureDossier {
  id: string;
  company: string;
}

/** A realistic Monday morning for a rep: overdue (one escalated), today's callbacks, what comes later. */
export function tasksFor(options: { now: number; me: string; myName: string; dossiers: FixtureDossier[] }): TaskDTO[] {
  const { now, me, myName } = options;
  const d = (i: number) => options.dossiers[i % options.dossiers.length];
  const make = (
    id: string,
    i: number,
    kind: TaskDTO['kind'],
    title: string,
    dueAt: number,
    extra: Partial<TaskDTO> = {}
  ) => ({
    id,
    dossierId: d(i).id,
    dossierCompany: d(i).company,
    kind,
    title,
    dueAt: iso(dueAt),
    assigneeId: me,
    assigneeName: myName,
    actingAssigneeId: me,
    status: 'open' as const,
    escalatedAt: null,
    createdAt: iso(now - 72 * HOUR),
    ...extra
  });
  return [
    make('t-esc', 0, 'callback', 'Rückruf: Probefahrt-Anfrage über die Website', now - 26 * HOUR, {
      escalatedAt: iso(now - 20 * HOUR)
    }),
    make('t-over', 1, 'ticket', 'Reklamation: Lieferung unvollständig (2 Paletten fehlen)', now - 75 * 60_000, {
      status: 'in_progress'
    }),
    make('t-today1', 2, 'callback', 'Call back about the offer 2026-114', now + 45 * 60_000),
    make('t-today2', 3, 'task', 'Send revised price list to procurement', now + 4 * HOUR + 15 * 60_000),
    make('t-today3', 4, 'callback', 'Rückruf: Wartungsvertrag verlängern?', now + 6 * HOUR),
    make('t-up1', 5, 'callback', 'Follow up after the trade fair visit', now + 24 * HOUR + 30 * 60_000),
    make('t-up2', 6, 'task', 'Prepare the annual review for the key account', now + 3 * 24 * HOUR),
    make('t-up3', 7, 'callback', 'Angebot nachfassen: Lüftungsanlage Halle 3', now + 8 * 24 * HOUR)
  ];
}

/** Three years of one customer, newest first: every type, every point of sale, a correction, system entries. */
export function timelineFor(options: { now: number; me: string; myName: string }): TimelineItemDTO[] {
  const { now } = options;
  const day = 24 * HOUR;
  const base = { corrected: null, details: null, contactName: null, amount: null, direction: null } as const;
  const entries: TimelineItemDTO[] = [
    {
      ...base,
      id: 'tl-1',
      kind: 'interaction',
      type: 'call',
      at: iso(now - 2 * HOUR),
      authorId: options.me,
      authorName: options.myName,
      summary: 'Herr Kessler wants to move the installation to January; budget confirmed for 12 heat pumps.',
      pointOfSale: 'call_centre',
      direction: 'inbound',
      contactName: 'Thomas Kessler'
    },
    {
      ...base,
      id: 'tl-2',
      kind: 'interaction',
      type: 'offer',
      at: iso(now - 3 * day),
      authorId: 'u-lena',
      authorName: 'Lena Schröder',
      summary: 'Offer 2026-114 sent: 12 × Vitocal 250-A incl. installation, valid until 31 December.',
      pointOfSale: 'field_sales',
      direction: 'outbound',
      contactName: 'Thomas Kessler',
      amount: 148500
    },
    {
      ...base,
      id: 'tl-3',
      kind: 'system',
      type: 'stage_changed',
      at: iso(now - 3 * day + 5 * 60_000),
      authorId: 'u-lena',
      authorName: 'Lena Schröder',
      summary: 'Stage changed from lead to prospect',
      details: { fromStage: 'lead', toStage: 'prospect', reason: 'Offer sent' }
    },
    {
      ...base,
      id: 'tl-4',
      kind: 'interaction',
      type: 'visit',
      at: iso(now - 9 * day),
      authorId: 'u-lena',
      authorName: 'Lena Schröder',
      summary: 'Site visit in Halle 3: old oil heating, 2 floors, roof suitable for PV. Decision maker is the CFO.',
      pointOfSale: 'field_sales',
      direction: 'outbound',
      contactName: 'Sabine Kessler (CFO)',
      corrected: {
        byId: 'u-lena',
        byName: 'Lena Schröder',
        at: iso(now - 8 * day),
        previousSummary: 'Site visit in Halle 2: old oil heating, 2 floors. Decision maker is the managing director.'
      }
    },
    {
      ...base,
      id: 'tl-5',
      kind: 'system',
      type: 'task_done',
      at: iso(now - 12 * day),
      authorId: options.me,
      authorName: options.myName,
      summary: 'Done: Call back about the test drive',
      details: { taskTitle: 'Rückruf: Beratungstermin', outcome: 'Termin vor Ort am 18. vereinbart' }
    },
    {
      ...base,
      id: 'tl-6',
      kind: 'interaction',
      type: 'email',
      at: iso(now - 14 * day),
      authorId: 'u-joerg',
      authorName: 'Jörg Petersen (deactivated)',
      summary: 'Sent the brochure and reference list (Hamburg, Lübeck).',
      pointOfSale: 'call_centre',
      direction: 'outbound',
      contactName: 'Thomas Kessler'
    },
    {
      ...base,
      id: 'tl-7',
      kind: 'system',
      type: 'lead_arrived',
      at: iso(now - 15 * day),
      authorId: null,
      authorName: 'System',
      summary: 'Lead arrived via website',
      details: { source: 'Website · Kampagne herbst-2026' }
    },
    {
      ...base,
      id: 'tl-8',
      kind: 'interaction',
      type: 'complaint',
      at: iso(now - 400 * day),
      authorId: 'u-nina',
      authorName: 'Nina Hartmann',
      summary: 'Service technician arrived two hours late; customer annoyed but fine after the repair.',
      pointOfSale: 'service_technician',
      direction: 'inbound',
      contactName: 'Thomas Kessler'
    },
    {
      ...base,
      id: 'tl-9',
      kind: 'interaction',
      type: 'order',
      at: iso(now - 700 * day),
      authorId: 'u-joerg',
      authorName: 'Jörg Petersen (deactivated)',
      summary: 'Order via the web shop: 4 × filter sets, express delivery.',
      pointOfSale: 'web_shop',
      direction: 'inbound',
      amount: 1289.6
    },
    {
      ...base,
      id: 'tl-10',
      kind: 'interaction',
      type: 'meeting',
      at: iso(now - 800 * day),
      authorId: 'u-joerg',
      authorName: 'Jörg Petersen (deactivated)',
      summary: 'Met at the SHK trade fair stand; interested in heat pumps for the new hall.',
      pointOfSale: 'shop',
      direction: null,
      contactName: 'Thomas Kessler'
    },
    {
      ...base,
      id: 'tl-11',
      kind: 'interaction',
      type: 'note',
      at: iso(now - 1000 * day),
      authorId: 'u-joerg',
      authorName: 'Jörg Petersen (deactivated)',
      summary: 'Prefers calls in the morning; never on Fridays.',
      pointOfSale: 'call_centre'
    }
  ];
  return entries;
}

async function json(route: Route, status: number, body: unknown): Promise<void> {
  await route.fulfill({
    status,
    contentType: 'application/json',
    body: body === undefined ? '' : JSON.stringify(body)
  });
}

/** Installs the routes; `pageSize` makes the timeline page so infinite paging has something to do. */
export async function installFollowupFixture(
  page: Page,
  options: {
    now: number;
    me: { id: string; name: string };
    tasks?: TaskDTO[];
    timeline?: TimelineItemDTO[];
    keys?: IntakeKeyDTO[];
    stages?: StageChangeDTO[];
    pageSize?: number;
  }
): Promise<FollowupFixture> {
  const fixture: FollowupFixture = {
    tasks: options.tasks ?? [],
    timeline: options.timeline ?? [],
    keys: options.keys ?? [],
    stages: options.stages ?? [],
    requests: [],
    stop: async () => {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  };
  const pageSize = options.pageSize ?? 8;
  let seq = 0;
  // The browser's clock is installed at `now`; answers carry times on that clock, not the machine's.
  const installedAt = Date.now();
  const clockNow = () => new Date(options.now + (Date.now() - installedAt)).toISOString();
  const record = (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const raw = request.postData();
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    fixture.requests.push({ method: request.method(), path: url.pathname + url.search, body });
    return { url, body: body as Record<string, unknown> | undefined, method: request.method() };
  };

  await page.route(/\/api\/tasks(\/|\?|$)/, async (route) => {
    const { url, body, method } = record(route);
    const [, , , id, action] = url.pathname.split('/');
    if (method === 'GET' && !id) {
      const scope = url.searchParams.get('scope') ?? 'mine';
      const dossierId = url.searchParams.get('dossierId');
      const items = fixture.tasks
        .filter((t) => t.status !== 'done')
        .filter((t) => !dossierId || t.dossierId === dossierId)
        .filter((t) => (scope === 'mine' ? t.assigneeId === options.me.id : scope === 'covering' ? false : true))
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
      return json(route, 200, { items, nextCursor: null });
    }
    if (method === 'POST' && !id) {
      const task: TaskDTO = {
        id: `t-new-${++seq}`,
        dossierId: String(body?.dossierId),
        dossierCompany: 'Bäckerei Walter',
        kind: body?.kind as TaskDTO['kind'],
        title: String(body?.title),
        dueAt: String(body?.dueAt),
        assigneeId: options.me.id,
        assigneeName: options.me.name,
        actingAssigneeId: options.me.id,
        status: 'open',
        escalatedAt: null,
        createdAt: clockNow()
      };
      fixture.tasks.push(task);
      return json(route, 201, task);
    }
    const task = fixture.tasks.find((t) => t.id === id);
    if (!task) return json(route, 404, { error: { code: 'not_found', message: 'no such task' } });
    if (action === 'complete') task.status = 'done';
    else if (action === 'snooze') task.dueAt = String(body?.until);
    else if (method === 'PATCH' && body?.assigneeId) {
      task.assigneeId = String(body.assigneeId);
      task.actingAssigneeId = String(body.assigneeId);
    }
    return json(route, 200, task);
  });

  await page.route(/\/api\/dossiers\/[^/]+\/timeline/, async (route) => {
    const { url } = record(route);
    const type = url.searchParams.get('type');
    const pos = url.searchParams.get('pointOfSale');
    const hits = fixture.timeline
      .filter((e) => !type || e.type === type)
      .filter((e) => !pos || e.pointOfSale === pos)
      .sort((a, b) => b.at.localeCompare(a.at));
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const items = hits.slice(from, from + pageSize);
    return json(route, 200, { items, nextCursor: from + pageSize < hits.length ? String(from + pageSize) : null });
  });

  await page.route(/\/api\/dossiers\/[^/]+\/interactions$/, async (route) => {
    const { body } = record(route);
    const item: TimelineItemDTO = {
      id: `tl-new-${++seq}`,
      kind: 'interaction',
      type: body?.type as TimelineItemDTO['type'],
      at: (body?.at as string) ?? clockNow(),
      authorId: options.me.id,
      authorName: options.me.name,
      summary: String(body?.summary),
      pointOfSale: body?.pointOfSale as TimelineItemDTO['pointOfSale'],
      direction: (body?.direction as TimelineItemDTO['direction']) ?? null,
      contactName: (body?.contactName as string) ?? null,
      amount: (body?.amount as number) ?? null,
      corrected: null
    };
    fixture.timeline.push(item);
    return json(route, 201, item);
  });

  await page.route(/\/api\/interactions\/[^/]+$/, async (route) => {
    const { url, body } = record(route);
    const id = url.pathname.split('/').pop();
    const item = fixture.timeline.find((e) => e.id === id);
    if (!item) return json(route, 404, { error: { code: 'not_found', message: 'no such entry' } });
    item.corrected = {
      byId: options.me.id,
      byName: options.me.name,
      at: new Date().toISOString(),
      previousSummary: item.summary
    };
    item.summary = String(body?.summary ?? item.summary);
    return json(route, 200, item);
  });

  await page.route(/\/api\/dossiers\/[^/]+\/stages?$/, async (route) => {
    const { url, body, method } = record(route);
    const dossierId = url.pathname.split('/')[3];
    if (method === 'GET') return json(route, 200, { items: fixture.stages });
    const change: StageChangeDTO = {
      id: `s-${++seq}`,
      dossierId,
      from: fixture.stages[0]?.to ?? null,
      to: body?.stage as StageChangeDTO['to'],
      reason: (body?.reason as string) ?? null,
      byId: options.me.id,
      byName: options.me.name,
      at: clockNow()
    };
    fixture.stages.unshift(change);
    return json(route, 200, change);
  });

  await page.route(/\/api\/teams\/[^/]+\/intake-keys/, async (route) => {
    const { url, body, method } = record(route);
    const keyId = url.pathname.split('/')[5];
    if (method === 'GET') return json(route, 200, { items: fixture.keys });
    if (method === 'POST') {
      const created: CreatedIntakeKeyDTO = {
        id: `k-${++seq}`,
        key: 'stk_live_7Qm2xV9pLc4RwT8nZ1bY6dHf',
        label: (body?.label as string) ?? null,
        prefix: 'stk_live',
        createdAt: clockNow(),
        createdBy: options.me.id,
        createdByName: options.me.name,
        revokedAt: null,
        lastUsedAt: null
      };
      const { key: _secret, ...listed } = created;
      fixture.keys.unshift(listed as IntakeKeyDTO);
      return json(route, 201, created);
    }
    const key = fixture.keys.find((k) => k.id === keyId);
    if (!key) return json(route, 404, { error: { code: 'not_found', message: 'no such key' } });
    key.revokedAt = clockNow();
    return route.fulfill({ status: 204 });
  });

  return fixture;
}
