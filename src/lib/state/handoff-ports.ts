import type { CreateHandoffInput, HandoffChangedPush, HandoffDTO, HandoffStatus, UserSummaryDTO } from '$lib/contract';

/** What the hand-off dialog, the briefing page and the inbox need (browser: handoff-browser-ports.ts). */
export interface HandoffPorts {
  now(): number;
  listUsers(): Promise<UserSummaryDTO[]>;
  createHandoff(options: { dossierId: string; input: CreateHandoffInput }): Promise<HandoffDTO>;
  getHandoff(options: { handoffId: string }): Promise<HandoffDTO>;
  pickUpHandoff(options: { handoffId: string }): Promise<HandoffDTO>;
  cancelHandoff(options: { handoffId: string; reason?: string }): Promise<HandoffDTO>;
  listHandoffs(options: { role?: 'to' | 'from'; status?: HandoffStatus }): Promise<HandoffDTO[]>;
  /** The `handoff:changed` push; returns the unsubscribe. */
  onHandoffChanged(handler: (push: HandoffChangedPush) => void): () => void;
  /** The push channel reconnected (pushes may have been missed); returns the unsubscribe. */
  onReconnect(handler: () => void): () => void;
}
