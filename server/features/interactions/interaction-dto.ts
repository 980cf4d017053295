import type { TimelineItemDTO } from '../../../src/lib/contract';
import type { Interaction } from './interaction-store';

/** The wire form of an interaction; `names` maps user ids to names (identity's namesOf). */
export function toInteractionItem(i: Interaction, names: Map<string, string>): TimelineItemDTO {
  const latest = i.corrections.at(-1);
  return {
    id: i.id,
    kind: 'interaction',
    type: i.type,
    at: new Date(i.at).toISOString(),
    authorId: i.authorId,
    authorName: names.get(i.authorId) ?? '',
    summary: i.summary,
    pointOfSale: i.pointOfSale,
    direction: i.direction,
    contactName: i.contactName,
    amount: i.amount,
    corrected: latest
      ? {
          byId: latest.byId,
          byName: names.get(latest.byId) ?? '',
          at: new Date(latest.at).toISOString(),
          previousSummary: latest.previousSummary
        }
      : null,
    details: null
  };
}

/** Every person an interaction names (author, latest corrector). */
export const peopleOf = (i: Interaction): string[] => [i.authorId, ...i.corrections.slice(-1).map((c) => c.byId)];
