import type { enSegments } from './en-segments';

/** Issue #11 (Segmente: Tags, gespeicherte Listen, CSV-Export und -Import). German uses "Sie". */
export const deSegments: Record<keyof typeof enSegments, string> = {
  'timeline.tagsAdded': 'Getaggt: {tags}',
  'timeline.tagsRemoved': 'Tag entfernt: {tags}'
};
