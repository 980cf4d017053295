/**
 * The request shapes of the timeline/tasks benchmark: what the dossier page and the task list send
 * (page sizes as the UI's TIMELINE_PAGE_SIZE = 30 and TASK_PAGE_SIZE = 200).
 */
export type Query = Record<string, string>;

export interface PagedCase {
  key: string;
  label: string;
  /** Entries matching the filter (all pages), e.g. "20,000". */
  matches: string;
  /** Path of the next timed request. */
  next(): string;
  /** The response of the last request: deep cases follow nextCursor; a walk's item count is checked. */
  feed(body: { items: unknown[]; nextCursor: string | null }): void;
  /** Item counts of every complete walk first page → last page (deep cases only). */
  walks: number[];
  /** Untimed setup before the warm-up (the cursor pool walks the whole list once). */
  prepare?(get: (path: string) => Promise<{ items: unknown[]; nextCursor: string | null }>): Promise<void>;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const range = (counts: number[]) =>
  Math.min(...counts) === Math.max(...counts)
    ? fmt(counts[0])
    : `${fmt(Math.min(...counts))}–${fmt(Math.max(...counts))}`;
const path = (base: string, query: Query) => `${base}?${new URLSearchParams(query).toString()}`;

/** Cycles through fixed queries, always the first page. */
function firstPage(key: string, label: string, matches: number[], base: string, queries: Query[]): PagedCase {
  let i = 0;
  return {
    key,
    label,
    matches: range(matches),
    next: () => path(base, queries[i++ % queries.length]),
    feed: () => {},
    walks: []
  };
}

/** Follows nextCursor page after page; at the end records the walk's item count and starts over. */
function deepPages(key: string, label: string, matches: number, base: string, query: Query): PagedCase {
  let cursor: string | null = null;
  let seen = 0;
  const walks: number[] = [];
  return {
    key,
    label,
    matches: fmt(matches),
    next: () => path(base, cursor ? { ...query, cursor } : query),
    feed: ({ items, nextCursor }) => {
      seen += items.length;
      if (nextCursor === null) {
        walks.push(seen);
        seen = 0;
      }
      cursor = nextCursor;
    },
    walks
  };
}

/**
 * Pages at every depth: one untimed walk collects the cursor of every page (and checks the walk returns every
 * entry once), then the timed requests visit those pages in a shuffled order. Following nextCursor from the
 * start would reach only ~200 × 30 = 6,000 entries deep in a run; a 20,000-entry timeline has 667 pages.
 */
function pagesAtEveryDepth(key: string, label: string, matches: number, base: string, query: Query): PagedCase {
  let pool: string[] = [];
  let i = 0;
  const walks: number[] = [];
  return {
    key,
    label,
    matches: fmt(matches),
    next: () => path(base, pool.length ? { ...query, cursor: pool[i++ % pool.length] } : query),
    feed: () => {},
    walks,
    async prepare(get) {
      const cursors: string[] = [];
      let seen = 0;
      let cursor: string | null = null;
      do {
        const page = await get(path(base, cursor ? { ...query, cursor } : query));
        seen += page.items.length;
        cursor = page.nextCursor;
        if (cursor) cursors.push(cursor);
      } while (cursor);
      walks.push(seen);
      for (let k = cursors.length - 1; k > 0; k--) {
        const j = Math.floor(Math.random() * (k + 1));
        [cursors[k], cursors[j]] = [cursors[j], cursors[k]];
      }
      pool = cursors;
    }
  };
}

export interface TimelineCaseInput {
  dossierId: string;
  total: number;
  byType: Record<string, number>;
  byPointOfSale: Record<string, number>;
}

export function buildTimelineCases(t: TimelineCaseInput): PagedCase[] {
  const base = `/api/dossiers/${encodeURIComponent(t.dossierId)}/timeline`;
  const limit = '30';
  const interactionTypes = ['call', 'complaint', 'order'];
  const systemTypes = ['stage_changed', 'task_done'];
  const places = ['field_sales', 'web_shop', 'service_technician'];
  return [
    firstPage('tl_first', 'timeline: first page', [t.total], base, [{ limit }]),
    deepPages('tl_deep', 'timeline: pages via nextCursor from 1', t.total, base, { limit }),
    pagesAtEveryDepth('tl_any_depth', 'timeline: pages at every depth', t.total, base, { limit }),
    firstPage(
      'tl_type',
      'timeline: type = interaction type',
      interactionTypes.map((x) => t.byType[x] ?? 0),
      base,
      interactionTypes.map((type) => ({ type, limit }))
    ),
    firstPage(
      'tl_type_system',
      'timeline: type = system entry type',
      systemTypes.map((x) => t.byType[x] ?? 0),
      base,
      systemTypes.map((type) => ({ type, limit }))
    ),
    firstPage(
      'tl_pos',
      'timeline: pointOfSale',
      places.map((x) => t.byPointOfSale[x] ?? 0),
      base,
      places.map((pointOfSale) => ({ pointOfSale, limit }))
    ),
    pagesAtEveryDepth('tl_pos_deep', 'timeline: pointOfSale, every depth', t.byPointOfSale.web_shop ?? 0, base, {
      pointOfSale: 'web_shop',
      limit
    })
  ];
}

export function buildTaskCases(r: { open: number; overdue: number; today: number }): PagedCase[] {
  const base = '/api/tasks';
  const q = { scope: 'mine', status: 'open', limit: '200' };
  return [
    firstPage('tk_first', 'tasks: mine/open, first page', [r.open], base, [q]),
    firstPage('tk_overdue', 'tasks: mine/open, due=overdue', [r.overdue], base, [{ ...q, due: 'overdue' }]),
    firstPage('tk_today', 'tasks: mine/open, due=today', [r.today], base, [{ ...q, due: 'today' }]),
    deepPages('tk_deep', 'tasks: mine/open, deep pages', r.open, base, q)
  ];
}
