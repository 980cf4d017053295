import { parse } from 'csv-parse/sync';
import { DomainError } from '../../kernel/domain-error';

/** A parsed CSV: the header row and the data rows (cells trimmed; short rows padded by the reader). */
export interface ParsedCsv {
  headers: string[];
  rows: string[][];
  separator: ',' | ';';
}

/**
 * The separator of a file whose user did not say: whichever of ';' and ',' occurs more often in the header
 * line (German Excel writes ';'; a header rarely contains either inside a name).
 */
export function guessSeparator(text: string): ',' | ';' {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses CSV text with csv-parse (RFC 4180 quoting, a leading BOM dropped, CRLF or LF). Rows may be shorter or
 * longer than the header (relax_column_count): the row validation reports what is missing instead of the parser
 * refusing the whole file. Malformed quoting rejects with 'invalid' and the parser's line.
 */
export function parseCsv(text: string, separator?: ',' | ';'): ParsedCsv {
  const sep = separator ?? guessSeparator(text.replace(/^\uFEFF/, ''));
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: sep,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true
    }) as string[][];
  } catch (error) {
    throw new DomainError('invalid', `the file is not readable as CSV: ${(error as Error).message.slice(0, 200)}`);
  }
  const [headers, ...rows] = records;
  if (!headers || headers.every((h) => h === '')) throw new DomainError('invalid', 'the file has no header row');
  return { headers, rows, separator: sep };
}
