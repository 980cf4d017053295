import { foldSearchText } from '../../src/lib/contract/search-fold';

// Re-exported so server code keeps one import for everything about search text.
export { foldSearchText };

/** The one searchable string of a dossier. */
export function dossierSearchText(d: { company: string; city: string; contactNames: string[] }): string {
  return foldSearchText([d.company, d.city, ...d.contactNames].join(' \u0001 '));
}
