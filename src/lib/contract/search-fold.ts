/**
 * Folds text for search: lower case, diacritics stripped (ü→u, é→e), ß→ss. The same fold is applied to
 * the stored search column and to the query, so "muller" finds "Müller" and "strasse" finds "Straße".
 * It lives in the contract because the UI filters live updates with it and must agree with the server.
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
