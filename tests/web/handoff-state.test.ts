import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type {
  CreateHandoffInput,
  HandoffChangedPush,
  HandoffDTO,
  HandoffStatus,
  UserSummaryDTO
} from '../../src/lib/contract';
import { BriefingState } from '../../src/lib/state/briefing-state.svelte';
import { endOfDay, HandoffDialogState } from '../../src/lib/state/handoff-dialog-state.svelte';
import { HandoffInboxState } from '../../src/lib/state/handoff-inbox-state.svelte';
import type { HandoffPorts } from '../../src/lib/state/handoff-ports';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

const NOW = new Date(2026, 10, 30, 10, 0).getTime(); // Monday 30 November 2026, 10:00 local

function handoff(over: Partial<HandoffDTO> & { id: string }): HandoffDTO {
  return {
    dossierId: 'd1',
    teamId: 't1',
    dossierCompany: 'Müller GmbH',
    fromUserId: 'anna',
    fromName: 'Anna',
    toUserId: 'ben',
    toName: 'Ben',
    byId: 'anna',
    kind: 'temporary',
    until: '2026-12-05T00:00:00.000Z',
    note: 'Bitte anrufen',
    status: 'pending',
    createdAt: '2026-11-30T09:00:00.000Z',
    pickedUpAt: null,
    escalatedAt: null,
    returnedAt: null,
    briefing: {
      generatedAt: '2026-11-30T09:00:00.000Z',
      dossierId: 'd1',
      company: 'Müller GmbH',
      stage: 'customer',
      ownerName: 'Anna',
      mainInterests: 'Pumpen',
      agreedConditions: '3 % Skonto',
      contact: null,
      lastInteractions: [],
      openTasks: [],
      openTickets: [],
      winbackStep: null,
      note: 'Bitte anrufen'
    },
    ...over
  };
}

/** Answers like the server; records what was sent; pushes on demand. */
class FakeHandoffPorts implements HandoffPorts {
  sent: Array<{ dossierId: string; input: CreateHandoffInput }> = [];
  stored = new Map<string, HandoffDTO>();
  failWith: ApiError | null = null;
  #push: Array<(p: HandoffChangedPush) => void> = [];
  #reconnect: Array<() => void> = [];
  users: UserSummaryDTO[] = [
    { id: 'anna', name: 'Anna', role: 'rep', teamIds: ['t1'], active: true },
    { id: 'vera', name: 'Vera', role: 'viewer', teamIds: ['t1'], active: true },
    { id: 'ben', name: 'Ben', role: 'rep', teamIds: ['t1'], active: true },
    { id: 'max', name: 'Max', role: 'manager', teamIds: ['t1'], active: true }
  ];
  now = () => NOW;
  listUsers = async () => this.users;
  async createHandoff(options: { dossierId: string; input: CreateHandoffInput }) {
    this.sent.push(options);
    if (this.failWith) throw this.failWith;
    return handoff({ id: 'h1', toUserId: options.input.toUserId, until: options.input.until ?? null });
  }
  getHandoff = async ({ handoffId }: { handoffId: string }) => {
    const found = this.stored.get(handoffId);
    if (!found) throw new ApiError({ status: 404, code: 'not_found', message: 'nope' });
    return found;
  };
  pickUpHandoff = async ({ handoffId }: { handoffId: string }) => {
    if (this.failWith) throw this.failWith;
    const next = { ...this.stored.get(handoffId)!, status: 'picked_up' as HandoffStatus };
    this.stored.set(handoffId, next);
    return next;
  };
  cancelled: Array<{ handoffId: string; reason?: string }> = [];
  cancelHandoff = async (options: { handoffId: string; reason?: string }) => {
    this.cancelled.push(options);
    if (this.failWith) throw this.failWith;
    const next = { ...this.stored.get(options.handoffId)!, status: 'cancelled' as HandoffStatus };
    this.stored.set(options.handoffId, next);
    return next;
  };
  listHandoffs = async () => [...this.stored.values()].filter((h) => h.toUserId === 'ben' && h.status === 'pending');
  onHandoffChanged(handler: (p: HandoffChangedPush) => void) {
    this.#push.push(handler);
    return () => void (this.#push = this.#push.filter((h) => h !== handler));
  }
  onReconnect(handler: () => void) {
    this.#reconnect.push(handler);
    return () => void (this.#reconnect = this.#reconnect.filter((h) => h !== handler));
  }
  push(change: HandoffChangedPush['change'], h: HandoffDTO) {
    const { briefing: _b, ...rest } = h;
    for (const handler of this.#push) handler({ change, handoff: rest, seq: 1 });
  }
}

describe('HandoffDialogState', () => {
  it('offers colleagues who may receive it (not the owner, no viewers), sorted by name', async () => {
    const state = new HandoffDialogState({ ports: new FakeHandoffPorts(), dossierId: 'd1', ownerId: 'anna' });
    await state.open();
    expect(state.colleagues.map((u) => u.id)).toEqual(['ben', 'max']);
  });

  it('a temporary hand-off needs a future day and returns at the end of it; a permanent one sends no until', async () => {
    const ports = new FakeHandoffPorts();
    const state = new HandoffDialogState({ ports, dossierId: 'd1', ownerId: 'anna' });
    await state.open();
    state.toUserId = 'ben';
    state.note = '  Bitte Angebot nachfassen ';
    state.untilDate = '2026-11-29'; // yesterday
    expect(state.canSubmit).toBe(false);
    state.untilDate = '2026-12-04';
    expect(state.canSubmit).toBe(true);
    await state.submit();
    expect(ports.sent[0]).toEqual({
      dossierId: 'd1',
      input: {
        toUserId: 'ben',
        note: 'Bitte Angebot nachfassen',
        until: new Date(endOfDay('2026-12-04')!).toISOString()
      }
    });
    expect(endOfDay('2026-12-04')).toBe(new Date(2026, 11, 5).getTime());

    state.mode = 'permanent';
    state.untilDate = '';
    expect(state.canSubmit).toBe(true);
    await state.submit();
    expect(ports.sent[1].input).toEqual({ toUserId: 'ben', note: 'Bitte Angebot nachfassen' });
  });

  it('keeps the form and says why when the server refuses', async () => {
    const ports = new FakeHandoffPorts();
    ports.failWith = new ApiError({ status: 409, code: 'conflict', message: 'already handed over' });
    const state = new HandoffDialogState({ ports, dossierId: 'd1', ownerId: 'anna' });
    await state.open();
    state.toUserId = 'ben';
    state.mode = 'permanent';
    state.note = 'n';
    expect(await state.submit()).toBeNull();
    expect(state.error).toBe('conflict');
    expect(state.toUserId).toBe('ben');
  });
});

describe('BriefingState', () => {
  it('lets only the receiver pick up, once, and follows pushes of the status', async () => {
    const ports = new FakeHandoffPorts();
    ports.stored.set('h1', handoff({ id: 'h1' }));
    const sender = new BriefingState({ ports, handoffId: 'h1', userId: 'anna' });
    cleanups.push(sender.start());
    await sender.load();
    expect(sender.canPickUp).toBe(false);

    const receiver = new BriefingState({ ports, handoffId: 'h1', userId: 'ben' });
    await receiver.load();
    expect(receiver.canPickUp).toBe(true);
    expect(await receiver.pickUp()).toBe(true);
    expect(receiver.handoff?.status).toBe('picked_up');
    expect(receiver.canPickUp).toBe(false);

    ports.push('picked_up', { ...handoff({ id: 'h1' }), status: 'picked_up', pickedUpAt: '2026-11-30T10:00:00.000Z' });
    expect(sender.handoff).toMatchObject({ status: 'picked_up', pickedUpAt: '2026-11-30T10:00:00.000Z' });
    expect(sender.handoff?.briefing.mainInterests).toBe('Pumpen');
  });

  it('offers cancel to the sender and the team’s manager while pending, never to the receiver or a stranger', async () => {
    const ports = new FakeHandoffPorts();
    ports.stored.set('h1', handoff({ id: 'h1' }));
    const as = async (userId: string, role: 'rep' | 'manager' | 'admin', teamIds: string[]) => {
      const state = new BriefingState({ ports, handoffId: 'h1', userId, role, teamIds });
      await state.load();
      return state;
    };
    expect((await as('ben', 'rep', ['t1'])).mayCancel).toBe(false); // the receiver
    expect((await as('max', 'manager', ['t2'])).mayCancel).toBe(false); // a manager of another team
    expect((await as('max', 'manager', ['t1'])).mayCancel).toBe(true);
    expect((await as('root', 'admin', [])).mayCancel).toBe(true);
    const sender = await as('anna', 'rep', ['t1']);
    expect(sender.canCancel).toBe(true);
    expect(await sender.cancel('  Kunde ruft selbst an ')).toBe(true);
    expect(ports.cancelled).toEqual([{ handoffId: 'h1', reason: 'Kunde ruft selbst an' }]);
    expect(sender.handoff?.status).toBe('cancelled');
    expect(sender.mayCancel).toBe(false);
  });

  it('a cancel that lost to a pick-up shows the server’s state', async () => {
    const ports = new FakeHandoffPorts();
    ports.stored.set('h1', handoff({ id: 'h1' }));
    const sender = new BriefingState({ ports, handoffId: 'h1', userId: 'anna' });
    await sender.load();
    ports.stored.set('h1', handoff({ id: 'h1', status: 'picked_up' }));
    ports.failWith = new ApiError({ status: 409, code: 'conflict', message: 'already picked_up' });
    expect(await sender.cancel()).toBe(false);
    expect(ports.cancelled).toEqual([{ handoffId: 'h1' }]);
    expect(sender.cancelError).toBe('conflict');
    expect(sender.handoff?.status).toBe('picked_up');
    expect(sender.mayCancel).toBe(false);
  });

  it('says when the hand-off cannot be read', async () => {
    const state = new BriefingState({ ports: new FakeHandoffPorts(), handoffId: 'nope', userId: 'ben' });
    await state.load();
    expect(state.loadError).toBe('not_found');
  });
});

describe('HandoffInboxState', () => {
  it('shows a new hand-off to me on push, and drops it when picked up', async () => {
    const ports = new FakeHandoffPorts();
    const inbox = new HandoffInboxState({ ports, userId: 'ben' });
    cleanups.push(inbox.start());
    await inbox.load();
    expect(inbox.items).toEqual([]);
    ports.push('created', handoff({ id: 'h1' }));
    ports.push('created', handoff({ id: 'h2', toUserId: 'max' }));
    expect(inbox.items.map((h) => h.id)).toEqual(['h1']);
    ports.push('picked_up', { ...handoff({ id: 'h1' }), status: 'picked_up' });
    expect(inbox.items).toEqual([]);
  });
});
