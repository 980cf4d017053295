import type { enSearch } from './en-search';

/** Issue #11: Volltextsuche, typed against the English keys. */
export const deSearch: Record<keyof typeof enSearch, string> = {
  'search.open': 'Suchen',
  'search.openTitle': 'Dossiers, Notizen, Verlauf und Tickets durchsuchen (Taste /)',
  'search.label': 'Alles durchsuchen',
  'search.placeholder': 'Firma, Person, Notiz, Verlaufseintrag …',
  'search.hint': 'Geben Sie mindestens 2 Buchstaben ein. Umlaute und Akzente spielen keine Rolle.',
  'search.keys': '↑↓ auswählen · Enter öffnen · Esc schließen',
  'search.loading': 'Suche läuft …',
  'search.empty': 'Keine Treffer für „{q}“.',
  'search.emptyHint': 'Prüfen Sie die Schreibweise oder verwenden Sie weniger Wörter: Jedes Wort muss vorkommen.',
  'search.error': 'Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es erneut.',
  'search.results': '{count} Treffer',
  'search.kind.name': 'Name',
  'search.kind.field': 'Feld',
  'search.kind.contact': 'Kontakt',
  'search.kind.note': 'Notiz',
  'search.kind.timeline': 'Verlauf',
  'search.kind.ticket': 'Ticket',
  'search.close': 'Suche schließen'
};
