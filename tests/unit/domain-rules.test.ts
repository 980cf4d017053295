import { describe, expect, it } from 'vitest';
import { canCreateIn, coverageCouldRaise, dossierAccess, visibleTeams } from '../../server/kernel/permissions';
import { decodeCursor, encodeCursor } from '../../server/kernel/list-cursor';
import { DomainError } from '../../server/kernel/domain-error';

const rep = { role: 'rep' as const, teamIds: ['nord'] };
const admin = { role: 'admin' as const, teamIds: [] };

describe('permissions', () => {
  it("lets team members edit their team's dossiers and nobody else's", () => {
    expect(dossierAccess(rep, { teamId: 'nord' })).toBe('edit');
    expect(dossierAccess(rep, { teamId: 'sued' })).toBe('none');
  });

  it("lets viewers read their team's dossiers but not edit or create", () => {
    const viewer = { role: 'viewer' as const, teamIds: ['nord'] };
    expect(dossierAccess(viewer, { teamId: 'nord' })).toBe('read');
    expect(dossierAccess(viewer, { teamId: 'sued' })).toBe('none');
    expect(canCreateIn(viewer, 'nord')).toBe(false);
  });

  it('gives admins every team', () => {
    expect(dossierAccess(admin, { teamId: 'sued' })).toBe('edit');
    expect(visibleTeams(admin)).toBe('all');
    expect(visibleTeams(rep)).toEqual(['nord']);
    expect(canCreateIn(rep, 'sued')).toBe(false);
    expect(canCreateIn(admin, 'sued')).toBe(true);
  });

  it('A3: a stand-in edits a covered dossier of another team exactly while covering; a viewer only reads', () => {
    expect(dossierAccess(rep, { teamId: 'sued' }, { covering: true })).toBe('edit');
    expect(dossierAccess(rep, { teamId: 'sued' }, { covering: false })).toBe('none');
    const viewer = { role: 'viewer' as const, teamIds: ['nord'] };
    expect(dossierAccess(viewer, { teamId: 'sued' }, { covering: true })).toBe('read');
    expect(dossierAccess(viewer, { teamId: 'nord' }, { covering: true })).toBe('read');
  });

  it('asks about coverage only when it could raise the access (the cheap path first)', () => {
    expect(coverageCouldRaise(rep, 'edit')).toBe(false);
    expect(coverageCouldRaise(rep, 'none')).toBe(true);
    expect(coverageCouldRaise(admin, 'none')).toBe(false);
    expect(coverageCouldRaise({ role: 'viewer' }, 'read')).toBe(false);
    expect(coverageCouldRaise({ role: 'viewer' }, 'none')).toBe(true);
  });
});

describe('list cursor', () => {
  it('round-trips string and number keys', () => {
    expect(decodeCursor(encodeCursor({ key: 'abc', id: 'x1' }))).toEqual({ key: 'abc', id: 'x1' });
    expect(decodeCursor(encodeCursor({ key: 1700000000000, id: 'x2' }))).toEqual({ key: 1700000000000, id: 'x2' });
  });

  it('rejects tampered cursors as invalid', () => {
    for (const raw of ['%%%', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodeCursor(raw)).toThrow(DomainError);
    }
  });
});
