import { stringify } from 'csv-stringify/sync';
import { KPI_TABLES, type KpiColumn, type KpiCsvQuery, type KpiReportDTO } from '../../../src/lib/contract';

/** Excel and LibreOffice run a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text: a leading formula character is neutralised with a quote (OWASP). */
export function formulaSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * The report as CSV: UTF-8 with a BOM (Excel then reads umlauts right), one line per row, each figure of the
 * chosen table for the period and the previous one. `semicolon`: `;` between cells and decimal commas
 * (German Excel); otherwise `,` and decimal points. Empty cell: the figure does not apply to the row.
 */
export function kpiCsv(report: KpiReportDTO, options: Pick<KpiCsvQuery, 'sep' | 'table'>): string {
  const columns: KpiColumn[] = options.table === 'all' ? Object.values(KPI_TABLES).flat() : KPI_TABLES[options.table];
  const semicolon = options.sep === 'semicolon';
  const number = (n: number | null) => (n === null ? '' : semicolon ? String(n).replace('.', ',') : String(n));
  const header = ['group', 'key', 'label', 'from', 'to', ...columns.flatMap((c) => [c.id, `${c.id}_previous`])];
  const lines = report.rows.map((row) => [
    report.groupBy,
    row.key,
    row.label,
    report.period.from,
    report.period.to,
    ...columns.flatMap((c) => [number(c.get(row.current)), number(c.get(row.previous))])
  ]);
  const body = stringify(
    [header, ...lines].map((line) => line.map(formulaSafe)),
    {
      delimiter: semicolon ? ';' : ',',
      record_delimiter: '\r\n'
    }
  );
  return `\uFEFF${body}`;
}
