import type { MessageKey } from '$lib/i18n';

/** Who sees an entry: everyone, or only managers and admins, or only admins (server checks are the real guard). */
export type NavAudience = 'everyone' | 'managers' | 'admins';

/**
 * One top-bar destination. `group` decides where it shows: the always-visible row, or the "More" menu.
 * The split follows how often reps open a page: dossiers, tasks, desk and absences daily; the rest weekly or
 * less (managers' boards, lists, win-back, admin).
 */
export interface NavItem {
  href: string;
  label: MessageKey;
  group: 'primary' | 'more';
  audience: NavAudience;
  /** Kept from the earlier bar: browser tests and bookmarks of testers find the links by these. */
  testId?: string;
  /** SVG path data on a 16×16 grid, stroked. */
  icon: string;
}

/** Tasks is not listed: it renders through TasksNavLink (its overdue badge has its own live state). */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    href: '/dossiers',
    label: 'nav.dossiers',
    group: 'primary',
    audience: 'everyone',
    icon: 'M2.5 2.5h11v11h-11zM5 5.5h6M5 8h6M5 10.5h4'
  },
  {
    href: '/desk',
    label: 'nav.desk',
    group: 'primary',
    audience: 'everyone',
    testId: 'nav-desk',
    icon: 'M1.5 6.5h13M3 6.5v7M13 6.5v7M5.5 6.5V4a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v2.5'
  },
  {
    href: '/absences',
    label: 'nav.absences',
    group: 'primary',
    audience: 'everyone',
    testId: 'nav-absences',
    icon: 'M2 3.5h12v10H2zM2 6.5h12M5 1.5v3M11 1.5v3M6 9l4 3M10 9l-4 3'
  },
  {
    href: '/lists',
    label: 'nav.lists',
    group: 'more',
    audience: 'everyone',
    testId: 'nav-lists',
    icon: 'M2 3.5h12l-4.5 5v4.5l-3 1.5v-6Z'
  },
  {
    href: '/activity',
    label: 'nav.activity',
    group: 'more',
    audience: 'everyone',
    testId: 'nav-activity',
    icon: 'M1 8.5h3l2-5 4 9 2-4h3'
  },
  {
    href: '/team',
    label: 'nav.team',
    group: 'more',
    audience: 'everyone',
    testId: 'nav-team',
    icon: 'M5.5 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM1.5 13c0-2.2 1.8-4 4-4s4 1.8 4 4M11 7.5a1.7 1.7 0 1 0 0-3.4M12 9.2c1.5.4 2.5 1.8 2.5 3.3'
  },
  {
    href: '/winback',
    label: 'nav.winback',
    group: 'more',
    audience: 'everyone',
    testId: 'nav-winback',
    icon: 'M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v2.7h-2.7M6 8.2l1.6 1.6 3-3.2'
  },
  {
    href: '/kpis',
    label: 'nav.kpis',
    group: 'more',
    audience: 'managers',
    testId: 'nav-kpis',
    icon: 'M2 14.5h12M4 12V8M7 12V4M10 12V6.5M13 12V2.5'
  },
  {
    href: '/knowledge-risk',
    label: 'nav.knowledgeRisk',
    group: 'more',
    audience: 'managers',
    testId: 'nav-knowledge-risk',
    icon: 'M8 1.5 14.5 13.5h-13ZM8 6v3.5M8 11.5v.5'
  },
  {
    href: '/settings/intake',
    label: 'nav.intake',
    group: 'more',
    audience: 'managers',
    testId: 'nav-intake',
    icon: 'M8 1.5v8M4.5 6 8 9.5 11.5 6M2 10.5v3h12v-3'
  },
  {
    href: '/admin/offboarding',
    label: 'nav.offboarding',
    group: 'more',
    audience: 'admins',
    testId: 'nav-offboarding',
    icon: 'M6 2.5H2.5v11H6M10.5 5l3 3-3 3M13.5 8H6'
  }
];

function sees(role: string | undefined, audience: NavAudience): boolean {
  if (audience === 'everyone') return true;
  if (audience === 'admins') return role === 'admin';
  return role === 'manager' || role === 'admin';
}

/** The entries a role sees, split into the visible row and the "More" menu, in display order. */
export function navSections(role: string | undefined): { primary: NavItem[]; more: NavItem[] } {
  const visible = NAV_ITEMS.filter((item) => sees(role, item.audience));
  return {
    primary: visible.filter((item) => item.group === 'primary'),
    more: visible.filter((item) => item.group === 'more')
  };
}

/** Whether a link marks the page as current: its path or anything below it (`/dossiers/42` → Dossiers). */
export function isCurrentPath(href: string, pathname: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
