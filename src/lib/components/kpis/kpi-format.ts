import type { KpiColumn } from '$lib/contract';
import { i18n, t } from '$lib/i18n';

/** Minutes as people read them: "45 min", "3.5 h", "2.1 d". */
export function formatMinutes(minutes: number): string {
  const n = (v: number) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(v);
  if (minutes < 90) return t('kpis.unit.min', { n: n(minutes) });
  if (minutes < 48 * 60) return t('kpis.unit.h', { n: n(minutes / 60) });
  return t('kpis.unit.d', { n: n(minutes / 1440) });
}

/** One figure in its format; "–" when the figure does not apply or there was nothing to measure. */
export function formatFigure(format: KpiColumn['format'], value: number | null): string {
  if (value === null) return '–';
  const locale = i18n.locale;
  switch (format) {
    case 'rate':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'money':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(
        value
      );
    case 'minutes':
      return formatMinutes(value);
    case 'decimal':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
    case 'count':
      return new Intl.NumberFormat(locale).format(value);
  }
}
