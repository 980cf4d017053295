import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ID_PATTERN, POINTS_OF_SALE, STAGES } from '../../src/lib/contract';
import { projectDossier, writeDossierContent } from '../../src/lib/dossier-doc';
import {
  DEMO_PASSWORD,
  describeDemoLogins,
  generateBulkDossiers,
  generateDemoCompany
} from '../../server/seed/demo-company';
import { localDayBounds } from '../../server/features/followups/followups.rules';
import { createSeededRandom } from '../../server/seed/seeded-random';

const NOW = Date.UTC(2026, 4, 15, 10, 0, 0);
const THREE_YEARS = 3 * 365 * 86_400_000;
// The default seed is what ships, so pin that one.
const company = generateDemoCompany({ now: NOW });
const teamOf = new Map(company.teams.map((t) => [t.id, t]));
const userById = new Map(company.users.map((u) => [u.id, u]));

describe('createSeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const rng = createSeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('shuffles without losing or duplicating elements', () => {
    const rng = createSeededRandom(9);
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = rng.shuffle(input);
    expect([...shuffled].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('generateDemoCompany', () => {
  it('is deterministic for a seed and varies between seeds', () => {
    expect(generateDemoCompany({ now: NOW })).toEqual(company);
    const seven = generateDemoCompany({ seed: 7, now: NOW });
    const other = generateDemoCompany({ seed: 8, now: NOW });
    expect(other.dossiers.map((d) => d.dossier.company)).not.toEqual(seven.dossiers.map((d) => d.dossier.company));
  });

  it('has two teams with a manager and at least three reps each, plus one admin in no team', () => {
    expect(company.teams).toHaveLength(2);
    expect(company.users.filter((u) => u.role === 'manager')).toHaveLength(2);
    const admins = company.users.filter((u) => u.role === 'admin');
    expect(admins).toHaveLength(1);
    expect(admins[0].teamIds).toEqual([]);
    for (const team of company.teams) {
      const members = company.users.filter((u) => u.teamIds.includes(team.id));
      expect(members.filter((u) => u.role === 'manager')).toHaveLength(1);
      expect(members.filter((u) => u.role === 'rep').length).toBeGreaterThanOrEqual(3);
    }
    for (const user of company.users) {
      for (const teamId of user.teamIds) expect(teamOf.has(teamId)).toBe(true);
      expect(user.email).toMatch(/^[a-z]+\.[a-z]+@staffel\.demo$/);
      expect(user.id).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(new Set(company.users.map((u) => u.locale))).toEqual(new Set(['de', 'en']));
  });

  it('generates 200 dossiers by default with unique ids and company names', () => {
    expect(company.dossiers).toHaveLength(200);
    const ids = company.dossiers.map((d) => d.dossier.id);
    expect(new Set(ids).size).toBe(200);
    expect(ids[0]).toBe('d-0001');
    const names = company.dossiers.map((d) => d.dossier.company);
    expect(new Set(names).size).toBe(200);
    const contactIds = company.dossiers.flatMap((d) => d.contacts.map((c) => c.id));
    expect(new Set(contactIds).size).toBe(contactIds.length);
  });

  it('honours dossierCount', () => {
    expect(generateDemoCompany({ seed: 7, dossierCount: 12, now: NOW }).dossiers).toHaveLength(12);
  });

  it('gives every dossier an owner from its own team, who also created it', () => {
    for (const { dossier } of company.dossiers) {
      const owner = userById.get(dossier.ownerId);
      expect(owner, dossier.id).toBeDefined();
      expect(owner!.teamIds).toContain(dossier.teamId);
      expect(['rep', 'manager']).toContain(owner!.role);
      expect(dossier.createdBy).toBe(dossier.ownerId);
    }
    // Work is spread: every rep and manager owns something, and both teams hold dossiers.
    const owners = new Set(company.dossiers.map((d) => d.dossier.ownerId));
    for (const user of company.users)
      if (user.role === 'rep' || user.role === 'manager') expect(owners, user.id).toContain(user.id);
  });

  it('spreads stages, mostly active, with some dormant and lost', () => {
    const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<string, number>;
    for (const { dossier } of company.dossiers) counts[dossier.stage]++;
    for (const stage of STAGES) expect(counts[stage], stage).toBeGreaterThan(0);
    expect(counts.customer + counts.prospect + counts.lead).toBeGreaterThan(150);
  });

  it('has 0–3 tags, 1–4 contacts and exactly one primary contact per dossier', () => {
    for (const { dossier, contacts } of company.dossiers) {
      expect(dossier.tags.length).toBeLessThanOrEqual(3);
      expect(new Set(dossier.tags).size).toBe(dossier.tags.length);
      expect(contacts.length).toBeGreaterThanOrEqual(1);
      expect(contacts.length).toBeLessThanOrEqual(4);
      expect(contacts.filter((c) => c.primary)).toHaveLength(1);
      const primary = contacts.find((c) => c.primary)!;
      expect(primary.email).toMatch(/^[a-z0-9.-]+@[a-z0-9-]+\.[a-z.]+$/);
      expect(primary.phone).toMatch(/^\+\d{1,3} \d/);
    }
  });

  it('keeps the dossier row equal to the projection of its fields and contacts', () => {
    for (const { dossier, fields, contacts } of company.dossiers) {
      expect(dossier.company).toBe(fields.company);
      expect(dossier.city).toBe(fields.city);
      expect(dossier.industry).toBe(fields.industry);
      expect(dossier.contactNames).toEqual(contacts.map((c) => c.name));
    }
    // And through a real Y.Doc, the way the server projects it.
    for (const { dossier, fields, contacts } of company.dossiers.slice(0, 25)) {
      const doc = new Y.Doc();
      writeDossierContent(doc, { fields, contacts });
      const { company: name, street, postalCode, city, industry, contactNames } = dossier;
      const { knowledge: _knowledge, ...listed } = projectDossier(doc);
      expect(listed).toEqual({ company: name, street, postalCode, city, industry, contactNames });
    }
  });

  it('places timestamps within the last three years, updatedAt never before createdAt', () => {
    for (const { dossier } of company.dossiers) {
      expect(dossier.createdAt).toBeGreaterThanOrEqual(NOW - THREE_YEARS);
      expect(dossier.createdAt).toBeLessThanOrEqual(NOW);
      expect(dossier.updatedAt).toBeGreaterThanOrEqual(dossier.createdAt);
      expect(dossier.updatedAt).toBeLessThanOrEqual(NOW);
      expect(Number.isInteger(dossier.createdAt) && Number.isInteger(dossier.updatedAt)).toBe(true);
    }
  });

  it('uses real-world text: umlauts and ß in names, derived websites and emails', () => {
    const allNames = company.dossiers.flatMap((d) => [d.dossier.company, ...d.dossier.contactNames]).join(' ');
    expect(allNames).toMatch(/[äöüÄÖÜ]/);
    expect(allNames).toContain('ß');
    for (const { fields, contacts } of company.dossiers) {
      expect(fields.website).toMatch(/^www\.[a-z0-9-]+\.(de|at|ch|co\.uk|ie|com)$/);
      const domain = fields.website!.slice(4);
      for (const c of contacts) if (c.email) expect(c.email.endsWith(`@${domain}`)).toBe(true);
    }
    const countries = new Set(company.dossiers.map((d) => d.fields.country));
    expect(countries).toContain('Deutschland');
    expect(countries).toContain('United Kingdom');
  });

  it('describes the demo logins with every user and the shared password', () => {
    const text = describeDemoLogins(company);
    for (const user of company.users) expect(text).toContain(user.email);
    expect(text).toContain(DEMO_PASSWORD);
    expect(text).toContain('Vertrieb Nord');
  });
});

describe('generateBulkDossiers', () => {
  const teams = [
    { teamId: 'team-a', ownerIds: ['u-1', 'u-2', 'u-3'] },
    { teamId: 'team-b', ownerIds: ['u-4'] }
  ];

  it('makes 100,000 dossiers quickly with unique ids and valid team/owner pairs', () => {
    const started = performance.now();
    const dossiers = generateBulkDossiers({ seed: 3, count: 100_000, teams, now: NOW, idPrefix: 'bench-' });
    const elapsed = performance.now() - started;
    expect(dossiers).toHaveLength(100_000);
    // Generous bound: the brief asks < 2 s; CI machines are slower than a laptop.
    expect(elapsed).toBeLessThan(4000);
    expect(new Set(dossiers.map((d) => d.id)).size).toBe(100_000);
    expect(dossiers[0].id).toBe('bench-000001');
    const owners = new Map(teams.map((t) => [t.teamId, new Set(t.ownerIds)]));
    for (const d of dossiers) {
      if (!owners.get(d.teamId)?.has(d.ownerId)) throw new Error(`${d.id}: ${d.ownerId} not in ${d.teamId}`);
      if (d.createdBy !== d.ownerId || d.updatedAt < d.createdAt || d.contactNames.length === 0) {
        throw new Error(`${d.id} is inconsistent`);
      }
    }
    expect(new Set(dossiers.map((d) => d.teamId))).toEqual(new Set(['team-a', 'team-b']));
    // Varied enough for search benchmarks, even though duplicates are allowed.
    expect(new Set(dossiers.map((d) => d.company)).size).toBeGreaterThan(10_000);
  });

  it('is deterministic and rejects a team without owners', () => {
    const a = generateBulkDossiers({ seed: 5, count: 50, teams, now: NOW });
    expect(generateBulkDossiers({ seed: 5, count: 50, teams, now: NOW })).toEqual(a);
    expect(a[0].id).toBe('b-000001');
    expect(() =>
      generateBulkDossiers({ seed: 5, count: 5, teams: [{ teamId: 't', ownerIds: [] }], now: NOW })
    ).toThrow();
  });
});

describe('generateDemoCompany history (issue #8)', () => {
  const DAY = 86_400_000;
  const { interactions, tasks, stageChanges } = company.history;
  const byDossier = new Map<string, typeof interactions>();
  for (const i of interactions) byDossier.set(i.dossierId, [...(byDossier.get(i.dossierId) ?? []), i]);
  const stageOf = new Map(company.dossiers.map((d) => [d.dossier.id, d.dossier]));

  it('is deterministic for a seed and leaves the dossiers as they were without it', () => {
    expect(generateDemoCompany({ now: NOW }).history).toEqual(company.history);
    const other = generateDemoCompany({ seed: 8, now: NOW }).history;
    expect(other.interactions.map((i) => i.summary)).not.toEqual(interactions.map((i) => i.summary));
  });

  it('has several thousand interactions, every type and point of sale, all in the past and unique ids', () => {
    expect(interactions.length).toBeGreaterThan(2500);
    expect(interactions.length / company.dossiers.length).toBeGreaterThan(12);
    expect(new Set(interactions.map((i) => i.type))).toEqual(
      new Set(['call', 'email', 'meeting', 'visit', 'offer', 'order', 'complaint', 'note'])
    );
    expect(new Set(interactions.map((i) => i.pointOfSale))).toEqual(new Set(POINTS_OF_SALE));
    expect(new Set(interactions.map((i) => i.id)).size).toBe(interactions.length);
    for (const i of interactions) {
      expect(i.at).toBeLessThanOrEqual(NOW);
      expect(i.at).toBeGreaterThanOrEqual(stageOf.get(i.dossierId)!.createdAt);
      expect(i.createdAt).toBeGreaterThanOrEqual(i.at);
      expect(ID_PATTERN.test(i.id)).toBe(true);
      expect(i.summary).not.toMatch(/\{[pcn]\}|lorem/i);
      // Only offers and orders carry an amount, and they all do (LogInteractionInput's rule).
      expect(i.amount !== null).toBe(i.type === 'offer' || i.type === 'order');
    }
  });

  it('fits each stage: leads start with an inbound lead entry and have few, customers many, dormant ones went quiet a year ago', () => {
    for (const { dossier } of company.dossiers) {
      const own = (byDossier.get(dossier.id) ?? []).sort((a, b) => a.at - b.at);
      expect(own.length, dossier.id).toBeGreaterThanOrEqual(1);
      expect(own[0].direction).toBe('inbound');
      if (dossier.stage === 'lead') expect(own.length).toBeLessThanOrEqual(2);
      if (dossier.stage === 'customer' || dossier.stage === 'key_account') {
        expect(own.some((i) => i.type === 'order')).toBe(true);
      }
      if (dossier.stage === 'dormant') {
        const last = own.at(-1)!.at;
        expect(last, dossier.id).toBeLessThanOrEqual(NOW - 365 * DAY);
        expect(last).toBeGreaterThanOrEqual(NOW - 31 * 30 * DAY);
      }
      if (dossier.stage === 'lost') expect(['complaint', 'offer']).toContain(own.at(-1)!.type);
    }
    const avg = (stage: string) => {
      const ds = company.dossiers.filter((d) => d.dossier.stage === stage);
      return ds.reduce((n, d) => n + (byDossier.get(d.dossier.id)?.length ?? 0), 0) / ds.length;
    };
    expect(avg('customer')).toBeGreaterThan(5 * avg('lead'));
  });

  it('writes authors who are members of the dossier’s team (the owner most of all)', () => {
    for (const i of interactions) {
      const author = userById.get(i.authorId)!;
      expect(author.teamIds).toContain(i.teamId);
      expect(author.role).not.toBe('viewer');
      expect(i.teamId).toBe(stageOf.get(i.dossierId)!.teamId);
    }
    const byOwner = interactions.filter((i) => i.authorId === stageOf.get(i.dossierId)!.ownerId).length;
    expect(byOwner / interactions.length).toBeGreaterThan(0.6);
  });

  it('records a stage history that starts as a lead and ends in the dossier’s stage, with reasons where L2 asks', () => {
    const changesOf = new Map<string, typeof stageChanges>();
    for (const c of stageChanges) changesOf.set(c.dossierId, [...(changesOf.get(c.dossierId) ?? []), c]);
    for (const { dossier } of company.dossiers) {
      const own = changesOf.get(dossier.id)!;
      expect(own[0]).toMatchObject({ from: null, to: 'lead' });
      expect(own.at(-1)!.to).toBe(dossier.stage);
      for (let k = 1; k < own.length; k++) {
        expect(own[k].from).toBe(own[k - 1].to);
        expect(own[k].at).toBeGreaterThanOrEqual(own[k - 1].at);
        expect(own[k].at).toBeLessThanOrEqual(NOW);
        if (own[k].to === 'lost' || own[k].to === 'dormant') expect(own[k].reason).toBeTruthy();
      }
    }
  });

  it('gives the reps open callbacks (overdue, a few escalated, due today and upcoming) and tickets for complaints', () => {
    const open = tasks.filter((t) => t.status !== 'done');
    const endOfDay = localDayBounds({ at: NOW, timeZone: 'Europe/Berlin' }).end;
    const overdue = open.filter((t) => t.dueAt < NOW);
    expect(overdue.length).toBeGreaterThan(5);
    expect(overdue.filter((t) => t.escalatedAt !== null).length).toBeGreaterThan(0);
    expect(open.filter((t) => t.dueAt >= NOW && t.dueAt < endOfDay).length).toBeGreaterThan(0);
    expect(open.filter((t) => t.dueAt >= endOfDay).length).toBeGreaterThan(10);
    for (const t of tasks) {
      // Escalation only for open tasks past their escalation time, never in the future.
      if (t.escalatedAt !== null) expect(t.status !== 'done' && t.escalateAt <= NOW).toBe(true);
      expect(userById.get(t.assigneeId)!.teamIds).toContain(t.teamId);
    }
    const tickets = new Map(tasks.filter((t) => t.kind === 'ticket').map((t) => [t.interactionId, t]));
    const complaints = interactions.filter((i) => i.type === 'complaint');
    for (const c of complaints) expect(tickets.get(c.id)?.severity, c.id).toMatch(/^(high|normal)$/);
    expect(complaints.filter((c) => tickets.get(c.id)!.status !== 'done').length).toBeGreaterThan(3);
    const done = tasks.filter((t) => t.status === 'done');
    expect(done.length).toBeGreaterThan(20);
    for (const t of done) expect(t.outcome).toBeTruthy();
    // Every rep has something to do on first start.
    for (const rep of company.users.filter((u) => u.role === 'rep')) {
      expect(
        open.some((t) => t.assigneeId === rep.id),
        rep.id
      ).toBe(true);
    }
  });

  it('keeps history ids unique across dossiers and within the wire’s id pattern', () => {
    for (const list of [tasks, stageChanges]) {
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
      for (const x of list) expect(ID_PATTERN.test(x.id)).toBe(true);
    }
  });
});
