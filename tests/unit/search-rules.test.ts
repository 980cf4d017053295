import { describe, expect, it } from 'vitest';
import { readQuery, snippetParts, ticketEntry, timelineEntry } from '../../server/features/search/search.rules';
import { germanSpelling, highlightSnippet, matchRanges } from '../../server/kernel/search-match';

const marks = (snippet: string) =>
  snippetParts(snippet)
    .filter((p) => p.mark)
    .map((p) => p.text);

describe('search rules (issue #11)', () => {
  it('R3 reads folded words; the last is a prefix unless the query ends with a space', () => {
    expect(readQuery('Müller  STRAßE')).toEqual({ words: ['muller', 'strasse'], prefixLast: true });
    expect(readQuery('café ')).toEqual({ words: ['cafe'], prefixLast: false });
    expect(readQuery(' - . ')).toEqual({ words: [], prefixLast: false });
    expect(readQuery('a b c d e f g h i j').words).toHaveLength(8);
  });

  it('R2 indexes interactions (not system entries) and tickets (not callbacks)', () => {
    const item = {
      id: 'i1',
      kind: 'interaction' as const,
      at: '2026-01-02T00:00:00.000Z',
      summary: 'Anruf',
      contactName: 'Eva'
    };
    expect(timelineEntry({ dossierId: 'd', teamId: 't', item })).toMatchObject({
      kind: 'timeline',
      ref: 'i1',
      text: 'Anruf · Eva'
    });
    expect(timelineEntry({ dossierId: 'd', teamId: 't', item: { ...item, kind: 'system' } })).toBeNull();
    const task = {
      id: 'k1',
      dossierId: 'd',
      kind: 'ticket' as const,
      title: 'Defekt',
      createdAt: '2026-01-02T00:00:00.000Z'
    };
    expect(ticketEntry({ teamId: 't', task })).toMatchObject({ kind: 'ticket', ref: 'k1', text: 'Defekt' });
    expect(ticketEntry({ teamId: 't', task: { ...task, kind: 'callback' } })).toBeNull();
  });

  it('the German spelling is stored only when the text has umlauts or ß', () => {
    expect(germanSpelling('Müller Straße')).toBe('mueller strasse');
    expect(germanSpelling('Meier')).toBe('');
  });

  it('marks whole words at token starts, folded, in either spelling; the prefix word to its end', () => {
    const text = 'Die Müllerei von Müller liegt an der Hauptstraße';
    expect(marks(highlightSnippet(text, ['muller'], false))).toEqual(['Müller']);
    expect(marks(highlightSnippet(text, ['mueller'], false))).toEqual(['Müller']);
    expect(marks(highlightSnippet(text, ['mul'], true))).toEqual(['Müllerei', 'Müller']);
    expect(marks(highlightSnippet(text, ['hauptstrasse'], false))).toEqual(['Hauptstraße']);
    expect(matchRanges(text, ['ller'], true)).toEqual([]);
  });

  it('cuts a long text around the first match, with ellipses, never inside a match', () => {
    const long = `${'Vorwort '.repeat(30)}Treffer Kaffeemaschine ${'Nachwort '.repeat(40)}`;
    const snippet = highlightSnippet(long, ['kaffeemaschine'], false);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(marks(snippet)).toEqual(['Kaffeemaschine']);
    expect(snippet.length).toBeLessThan(200);
  });
});
