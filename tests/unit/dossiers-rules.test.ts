import { describe, expect, it } from 'vitest';
import {
  announcesUpdate,
  listedValuesChanged,
  UPDATED_ANNOUNCE_WINDOW_MS
} from '../../server/features/dossiers/dossiers.rules';
import { dossier } from '../contract/dossier-fixtures';

const before = dossier({
  id: 'd',
  company: 'Alpha',
  contactNames: ['Eva'],
  updatedAt: 10 * UPDATED_ANNOUNCE_WINDOW_MS + 5
});
const same = {
  company: before.company,
  street: before.street,
  postalCode: before.postalCode,
  city: before.city,
  industry: before.industry,
  contactNames: [...before.contactNames]
};

describe('when a dossier update is announced (dossiers.rules.ts)', () => {
  it('U2 a change of any listed value is announced at once', () => {
    for (const change of [
      { company: 'Beta' },
      { street: 'Neu 1' },
      { postalCode: '99999' },
      { city: 'Bonn' },
      { industry: 'Glas' },
      { contactNames: ['Eva', 'Max'] },
      { contactNames: ['Max'] }
    ]) {
      const projection = { ...same, ...change };
      expect(listedValuesChanged(before, projection)).toBe(true);
      expect(announcesUpdate({ before, projection, updatedAt: before.updatedAt + 300 })).toBe(true);
    }
  });

  it('U2 an unlisted change (notes, phone, conditions) is announced once per window, not per projection', () => {
    const at = (ms: number) => announcesUpdate({ before, projection: same, updatedAt: ms });
    const windowEnd = 11 * UPDATED_ANNOUNCE_WINDOW_MS;
    expect(at(before.updatedAt + 300)).toBe(false);
    expect(at(windowEnd - 1)).toBe(false);
    expect(at(windowEnd)).toBe(true);
    // Ten minutes of typing, one projection every 300 ms: about ten announcements, not 2,000.
    let last = before;
    let announced = 0;
    for (let t = before.updatedAt + 300; t < before.updatedAt + 10 * UPDATED_ANNOUNCE_WINDOW_MS; t += 300) {
      if (announcesUpdate({ before: last, projection: same, updatedAt: t })) announced++;
      last = { ...last, updatedAt: t };
    }
    // One per window boundary crossed: 9 or 10 in ten minutes, depending on where the first edit falls.
    expect(announced).toBeGreaterThanOrEqual(9);
    expect(announced).toBeLessThanOrEqual(10);
  });
});
