import { describe, expect, it } from 'vitest';
import { isCurrentPath, navSections } from '../../src/lib/components/nav/nav-items';

describe('top-bar entries by role', () => {
  const hrefs = (role: string) => {
    const { primary, more } = navSections(role);
    return { primary: primary.map((i) => i.href), more: more.map((i) => i.href) };
  };

  it('keeps the daily pages in the bar for everyone', () => {
    for (const role of ['rep', 'manager', 'admin']) {
      expect(hrefs(role).primary).toEqual(['/dossiers', '/desk', '/absences']);
    }
  });

  it('shows reps no manager pages, managers no admin page, admins everything', () => {
    expect(hrefs('rep').more).toEqual(['/lists', '/activity', '/team', '/winback']);
    expect(hrefs('manager').more).toEqual([
      '/lists',
      '/activity',
      '/team',
      '/winback',
      '/kpis',
      '/knowledge-risk',
      '/settings/intake'
    ]);
    expect(hrefs('admin').more).toContain('/admin/offboarding');
    expect(hrefs('manager').more).not.toContain('/admin/offboarding');
  });

  it('keeps the test ids browser tests click', () => {
    const ids = navSections('admin').more.map((i) => i.testId);
    expect(ids).toEqual(expect.arrayContaining(['nav-lists', 'nav-activity', 'nav-team', 'nav-winback', 'nav-kpis']));
  });

  it('marks a page current for its path and what lies below it, not for a sibling sharing a prefix', () => {
    expect(isCurrentPath('/dossiers', '/dossiers')).toBe(true);
    expect(isCurrentPath('/dossiers', '/dossiers/d-42')).toBe(true);
    expect(isCurrentPath('/settings', '/settings/intake')).toBe(true);
    expect(isCurrentPath('/team', '/teams')).toBe(false);
    expect(isCurrentPath('/desk', '/dossiers')).toBe(false);
  });
});
