/** Issue #11: full-text search (the `/` palette). */
export const enSearch = {
  'search.open': 'Search',
  'search.openTitle': 'Search dossiers, notes, timeline and tickets (press /)',
  'search.label': 'Search everything',
  'search.placeholder': 'Company, person, note, timeline entry…',
  'search.hint': 'Type at least 2 letters. Umlauts and accents do not matter.',
  'search.keys': '↑↓ to choose · Enter to open · Esc to close',
  'search.loading': 'Searching…',
  'search.empty': 'Nothing found for “{q}”.',
  'search.emptyHint': 'Check the spelling or use fewer words: every word must appear.',
  'search.error': 'Search is not available right now. Please try again.',
  'search.results': '{count} results',
  'search.kind.name': 'Name',
  'search.kind.field': 'Field',
  'search.kind.contact': 'Contact',
  'search.kind.note': 'Note',
  'search.kind.timeline': 'Timeline',
  'search.kind.ticket': 'Ticket',
  'search.close': 'Close search'
};
