/**
 * Folds text for search: lower case, diacritics stripped (ü→u, é→e), ß→ss. The same fold is applied to
 * the stored search column and to the query, so "muller" finds "Müller" and "strasse" finds "Straße".
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

/** The one searchable string of a dossier. */
export function dossierSearchText(d: { company: string; city: string; contactNames: string[] }): string {
  return foldSearchText([d.company, d.city, ...d.contactNames].join(' \u0001 '));
}
