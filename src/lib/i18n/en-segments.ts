/** Issue #11 (segments: tags, saved lists, CSV out and in), kept apart so parallel work merges cleanly. */
export const enSegments = {
  'timeline.tagsAdded': 'Tagged {tags}',
  'timeline.tagsRemoved': 'Untagged {tags}'
} as const;
