import type { DeskChangedPush } from '../../../src/lib/contract';
import type { StoredEvent } from '../../kernel/events';
import type { EventBus } from '../../ports/event-bus';
import { rooms, type SocketGateway } from '../../ports/socket-gateway';

/** Who must refetch their desk after an event, and why; empty for events that touch no desk. */
export function deskAudience(event: StoredEvent): { userIds: string[]; reason: DeskChangedPush['reason'] } {
  switch (event.type) {
    case 'coverage.changed':
      return { userIds: event.data.userIds, reason: 'coverage' };
    case 'absence.recorded':
    case 'absence.updated':
    case 'absence.started':
    case 'absence.ended': {
      // "You are away until …" and the hand-to's coming work; the moved cases come as coverage.changed.
      const { absence } = event.data;
      return { userIds: [absence.userId, ...(absence.handToId ? [absence.handToId] : [])], reason: 'absence' };
    }
    case 'deputy.changed':
      return {
        userIds: [event.data.userId, ...(event.data.deputyId ? [event.data.deputyId] : [])],
        reason: 'coverage'
      };
    case 'task.created':
    case 'task.changed':
    case 'task.completed':
    case 'task.escalated': {
      const { task } = event.data;
      const left = event.type === 'task.changed' ? (event.data.leftUserIds ?? []) : [];
      return { userIds: [task.assigneeId, task.actingAssigneeId, ...left], reason: 'task' };
    }
    default:
      return { userIds: [], reason: 'coverage' };
  }
}

/**
 * Issue #9: pushes `desk:changed { reason, seq }` to the personal room of everyone whose desk an event changes
 * (the client refetches GET /api/desk). Like feed.socket, it routes committed events from the bus; one emit to
 * all rooms reaches a user with several tabs once per tab.
 */
export function registerContinuitySocket(deps: { gateway: SocketGateway; bus: EventBus }): { close(): void } {
  const route = (event: StoredEvent) => {
    const { userIds, reason } = deskAudience(event);
    if (userIds.length === 0) return;
    deps.gateway.emit([...new Set(userIds)].map(rooms.user), 'desk:changed', { reason, seq: event.seq });
  };
  return { close: deps.bus.subscribe(route) };
}
