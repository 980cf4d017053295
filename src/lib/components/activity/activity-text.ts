import type { ActivityItemDTO } from '$lib/contract';
import { i18n, t, type MessageKey } from '$lib/i18n';

/** A document key as the dossier page labels it (fields, contacts, notes). */
function fieldLabel(key: string): string {
  if (key === 'contacts' || key === 'notes') return t(`digest.field.${key}` as MessageKey);
  const label = t(`field.${key}` as MessageKey);
  // English runs labels into the sentence ("edited agreed conditions and notes"); German nouns keep capitals.
  return i18n.locale === 'en' ? label.toLowerCase() : label;
}

const day = (iso: unknown) =>
  typeof iso === 'string' ? new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium' }).format(new Date(iso)) : '—';

/** What an item says after its actor ("edited agreed conditions and notes"), by type, in the UI language. */
export function activityPhrase(item: ActivityItemDTO): string {
  const p = item.params;
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const values: Record<string, string> = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, text(v)]));
  if (item.type === 'dossier.version_recorded' || item.type === 'dossier.updated') {
    if (item.fields.length === 0) return t('activity.t.editedDossier');
    const list = new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(item.fields.map(fieldLabel));
    return t('activity.t.edited', { fields: list });
  }
  if (item.type === 'dossier.stage_changed') {
    values.from = p.from ? t(`stage.${p.from}` as MessageKey) : '—';
    values.to = p.to ? t(`stage.${p.to}` as MessageKey) : '—';
  }
  if (item.type.startsWith('interaction.') && p.interactionType) {
    values.interactionType = t(`interaction.${p.interactionType}` as MessageKey);
  }
  if (item.type.startsWith('absence.')) {
    values.from = day(p.from);
    values.to = day(p.to);
  }
  if (item.type === 'intake.lead_received' && p.duplicate) return t('activity.t.intake.duplicate', values);
  const key = `activity.t.${item.type}` as MessageKey;
  // A type added on the server before this client knew it: said plainly, never a raw key.
  if (typeof (t(key) as string | undefined) !== 'string') return t('activity.t.unknown', { type: item.type });
  return t(key, values);
}

/** Types whose sentence names its own subject (no actor in front: "Nobody picked up …", "Anna is back"). */
const SUBJECTLESS = new Set([
  'intake.lead_received',
  'task.escalated',
  'task.overdue',
  'absence.started',
  'absence.ended',
  'handoff.returned',
  'handoff.escalated',
  'coverage.gap_opened',
  'coverage.gap_closed',
  'user.deactivated'
]);
export const showsActor = (item: ActivityItemDTO): boolean => !SUBJECTLESS.has(item.type);

/** The one-line extra an item carries (a contact's summary, a task's outcome, a stage move's reason). */
export function activityDetail(item: ActivityItemDTO): string | null {
  const p = item.params;
  const detail = p.summary ?? p.outcome ?? p.reason ?? null;
  return typeof detail === 'string' && detail.trim() ? detail : null;
}
