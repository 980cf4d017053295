import { stringify } from 'csv-stringify/sync';
import type { CsvSeparator, DossierSummaryDTO } from '../../../src/lib/contract';

/** Excel reads a file as UTF-8 only when it starts with this mark (otherwise "Müller" arrives as "MÃ¼ller"). */
export const UTF8_BOM = '\uFEFF';

/**
 * Characters a spreadsheet treats as the start of a formula (= + - @) or that Excel strips before looking
 * again (TAB, CR): a cell starting with one is prefixed with an apostrophe, so "=HYPERLINK(…)" in a company
 * name is shown as text, never run (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet may safely read it. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const EXPORT_COLUMNS = [
  'Company',
  'Street',
  'Postal code',
  'City',
  'Industry',
  'Stage',
  'Tags',
  'Owner',
  'Contacts',
  'Updated'
] as const;

const exportRow = (d: DossierSummaryDTO): string[] => [
  d.company,
  d.street,
  d.postalCode,
  d.city,
  d.industry,
  d.stage,
  d.tags.join(', '),
  d.ownerName,
  d.contactNames.join(', '),
  d.updatedAt
];

/**
 * One chunk of the CSV: the BOM and header with `first`, then the rows; every cell neutralised. `semicolon`
 * is for German Excel, which splits on ';' (',' is its decimal separator). Lines end CRLF (RFC 4180).
 */
export function csvChunk(options: {
  rows: readonly DossierSummaryDTO[];
  separator: CsvSeparator;
  first: boolean;
}): string {
  const records = options.rows.map((d) => exportRow(d).map(neutraliseCell));
  if (options.first) records.unshift([...EXPORT_COLUMNS]);
  const text = stringify(records, {
    delimiter: options.separator === 'semicolon' ? ';' : ',',
    record_delimiter: 'windows',
    quoted_match: /^\s|\s$/
  });
  return options.first ? UTF8_BOM + text : text;
}
