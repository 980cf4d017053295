import type { Document, Filter } from 'mongodb';
import { REVENUE_BANDS, type ListFilter } from '../../../src/lib/contract';
import type { SegmentScope } from '../../features/segments/segment-store';
import { dayStart, revenueWindowStart } from '../segment-window';
import type { DossierDoc } from './mongo-dossier-store';
import { escapeRegExp } from './mongo-support';

/**
 * A regex source matching `text` with ASCII letters in either case and every other character as written: the
 * case rule of SQLite's NOCASE and LIKE, which the SQLite adapter uses (SG1, SG5). The 'i' flag would also fold
 * non-ASCII letters (Ö/ö), so a list could hold other dossiers on MongoDB than on SQLite.
 */
export function asciiCaseless(text: string): string {
  let out = '';
  for (const ch of text) {
    out += /[A-Za-z]/.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeRegExp(ch);
  }
  return out;
}

/** Exactly `text` (trimmed), ASCII case-insensitive; \z so a trailing newline in the stored value never matches. */
const equalsCaseless = (text: string) => ({ $regex: `^${asciiCaseless(text.trim())}\\z` });

/** The record part of SG5 (scope and record filters): a plain find filter, so the dossier indexes serve it. */
export function segmentRecordFilter(scope: SegmentScope, filter: ListFilter): Filter<DossierDoc> {
  const and: Filter<DossierDoc>[] = [];
  if (scope.teamIds !== 'all') and.push({ teamId: { $in: scope.teamIds } });
  if (filter.teamId) and.push({ teamId: filter.teamId });
  if (filter.stage) and.push({ stage: filter.stage });
  if (filter.ownerId) and.push({ ownerId: filter.ownerId });
  if (filter.industry) and.push({ industry: equalsCaseless(filter.industry) });
  if (filter.city) and.push({ city: equalsCaseless(filter.city) });
  if (filter.tag) and.push({ tags: filter.tag });
  return and.length > 0 ? { $and: and } : {};
}

/** Whether SG5 needs the timeline (interactions) for this filter. */
export const needsTimeline = (filter: ListFilter): boolean =>
  Boolean(filter.lastContactAfter || filter.lastContactBefore || filter.pointOfSale || filter.revenueBand);

/**
 * The timeline part of SG5 as pipeline stages after the record $match: the newest interaction (at desc, _id
 * desc, as SQLite's ORDER BY at DESC, id DESC) and the order sum in the revenue window, each looked up only
 * when a filter needs it (interactions' index dossierId, at desc, _id desc), then one $match on them.
 */
export function segmentTimelineStages(scope: SegmentScope, filter: ListFilter): Document[] {
  if (!needsTimeline(filter)) return [];
  const stages: Document[] = [];
  const terms: Document[] = [];
  if (filter.lastContactAfter || filter.lastContactBefore || filter.pointOfSale) {
    stages.push({
      $lookup: {
        from: 'interactions',
        let: { id: '$_id' },
        pipeline: [
          { $match: { $expr: { $eq: ['$dossierId', '$$id'] } } },
          { $sort: { at: -1, _id: -1 } },
          { $limit: 1 },
          { $project: { _id: 0, at: 1, pointOfSale: 1 } }
        ],
        as: 'segLast'
      }
    });
    stages.push({
      $set: {
        segLastAt: { $ifNull: [{ $first: '$segLast.at' }, null] },
        segLastPos: { $ifNull: [{ $first: '$segLast.pointOfSale' }, null] }
      }
    });
    if (filter.lastContactAfter) {
      // SQLite: max(at) >= day, which is false for a dossier never contacted (NULL).
      terms.push({ $ne: ['$segLastAt', null] }, { $gte: ['$segLastAt', dayStart(filter.lastContactAfter)] });
    }
    if (filter.lastContactBefore) {
      terms.push({ $lt: [{ $ifNull: ['$segLastAt', -1] }, dayStart(filter.lastContactBefore)] });
    }
    if (filter.pointOfSale) terms.push({ $eq: ['$segLastPos', filter.pointOfSale] });
  }
  if (filter.revenueBand) {
    const band = REVENUE_BANDS.find((b) => b.id === filter.revenueBand)!;
    stages.push({
      $lookup: {
        from: 'interactions',
        let: { id: '$_id' },
        pipeline: [
          {
            $match: {
              type: 'order',
              at: { $gte: revenueWindowStart(scope.now) },
              $expr: { $eq: ['$dossierId', '$$id'] }
            }
          },
          { $group: { _id: null, total: { $sum: { $ifNull: ['$amount', 0] } } } }
        ],
        as: 'segRevenue'
      }
    });
    stages.push({ $set: { segRevenue: { $ifNull: [{ $first: '$segRevenue.total' }, 0] } } });
    if (band.id === 'none') {
      terms.push({ $lte: ['$segRevenue', 0] });
    } else {
      terms.push({ $gte: ['$segRevenue', band.min] });
      if (band.max !== null) terms.push({ $lt: ['$segRevenue', band.max] });
    }
  }
  stages.push({ $match: { $expr: { $and: terms } } });
  return stages;
}
