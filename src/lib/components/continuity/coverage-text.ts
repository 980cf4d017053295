import type { CoverageReasonDTO } from '$lib/contract';
import { i18n, t } from '$lib/i18n';
import { formatUntil } from '$lib/state/absence-days';

/** "vacation", "ill", "hand-off", … — why someone else acts. */
export function reasonText(reason: CoverageReasonDTO): string {
  if (reason === 'handoff') return t('coverage.reason.handoff');
  if (reason === 'deactivated') return t('coverage.reason.deactivated');
  return t(`absence.kind.${reason}`);
}

/** "until Fri 4 Dec" (the last day included), or "open-ended". */
export function untilText(until: string | null, timeZone: string): string {
  if (!until) return t('coverage.open');
  return t('coverage.until', { date: formatUntil({ to: until, timeZone, locale: i18n.locale }) });
}
