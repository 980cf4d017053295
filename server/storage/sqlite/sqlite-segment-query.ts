import { REVENUE_BANDS, type ListFilter } from '../../../src/lib/contract';
import type { SegmentScope } from '../../features/segments/segment-store';
import { dayStart, revenueWindowStart as windowStart } from '../segment-window';

/** A WHERE clause over `dossiers d` and its named parameters. */
export interface SegmentWhere {
  sql: string;
  params: Record<string, string | number>;
}

// Last contact and its point of sale are columns of the dossier row and of the covering index dossiers_segment,
// copied from dossier_contact (the newest interaction, kept by triggers: sqlite-contact-summary-migration.ts).
// They are tested before the tag (a primary-key probe of dossier_tags per candidate) and the revenue (a
// correlated sum over index entries of interactions_order_amounts), which come last: SQLite evaluates AND terms
// left to right, so the probes run only for candidates the index columns kept.
const LAST_CONTACT = 'd.last_contact_at';
const LAST_POS = 'd.last_contact_pos';
const REVENUE =
  "(SELECT coalesce(sum(i.amount), 0) FROM interactions i WHERE i.dossier_id = d.id AND i.type = 'order' AND i.at >= @since)";

/** SegmentStore SG5 as SQL: scope first, then record filters, then the timeline filters. */
export function segmentWhere(
  scope: SegmentScope,
  filter: ListFilter,
  options: { tagJoined?: boolean } = {}
): SegmentWhere {
  const terms: string[] = [];
  const params: Record<string, string | number> = {};
  if (scope.teamIds !== 'all') {
    terms.push('d.team_id IN (SELECT value FROM json_each(@teams))');
    params.teams = JSON.stringify(scope.teamIds);
  }
  if (filter.teamId) {
    terms.push('d.team_id = @teamId');
    params.teamId = filter.teamId;
  }
  if (filter.stage) {
    terms.push('d.stage = @stage');
    params.stage = filter.stage;
  }
  if (filter.ownerId) {
    terms.push('d.owner_id = @ownerId');
    params.ownerId = filter.ownerId;
  }
  if (filter.industry) {
    terms.push('d.industry = @industry COLLATE NOCASE');
    params.industry = filter.industry.trim();
  }
  if (filter.city) {
    terms.push('d.city = @city COLLATE NOCASE');
    params.city = filter.city.trim();
  }
  if (filter.lastContactAfter) {
    terms.push(`${LAST_CONTACT} >= @contactAfter`);
    params.contactAfter = dayStart(filter.lastContactAfter);
  }
  if (filter.lastContactBefore) {
    terms.push(`coalesce(${LAST_CONTACT}, -1) < @contactBefore`);
    params.contactBefore = dayStart(filter.lastContactBefore);
  }
  if (filter.pointOfSale) {
    terms.push(`${LAST_POS} = @pos`);
    params.pos = filter.pointOfSale;
  }
  if (filter.tag && options.tagJoined) {
    terms.push('t.tag = @tag AND d.seq = t.dossier_seq');
    params.tag = filter.tag;
  } else if (filter.tag) {
    terms.push('EXISTS (SELECT 1 FROM dossier_tags t WHERE t.tag = @tag AND t.dossier_seq = d.seq)');
    params.tag = filter.tag;
  }
  if (filter.revenueBand) {
    const band = REVENUE_BANDS.find((b) => b.id === filter.revenueBand)!;
    params.since = windowStart(scope.now);
    if (band.id === 'none') {
      terms.push(`${REVENUE} <= 0`);
    } else {
      terms.push(`${REVENUE} >= @revMin`);
      params.revMin = band.min;
      if (band.max !== null) {
        terms.push(`${REVENUE} < @revMax`);
        params.revMax = band.max;
      }
    }
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params };
}

/**
 * Where a count starts (SegmentStore SG5). With a tag: the tag's rows (dossier_tags primary key), joined to their
 * dossiers. Otherwise the narrow covering index dossiers_segment (team, stage, city, industry, owner, id): every
 * record filter is answered from index entries, never the wide rows (measured: a table scan of 100,000 rows
 * took 110–140 ms p50 on the loaded 2-core bench machine; tests/bench/segments-bench.ts).
 */
export function countSource(filter: ListFilter): { from: string; tagJoined: boolean } {
  // A tag with another record filter: the index narrows first, then one primary-key probe of dossier_tags per
  // candidate (cheap, narrow); starting from the tag's rows would fetch each wide row to test stage or city.
  const narrowed = Boolean(filter.stage || filter.city || filter.industry || filter.ownerId || filter.teamId);
  if (filter.tag && !narrowed) return { from: 'dossier_tags t CROSS JOIN dossiers d', tagJoined: true };
  return { from: 'dossiers d INDEXED BY dossiers_segment', tagJoined: false };
}
