import type { ClientOwner } from '../ports/document-store';

/** Owner of the client ids the server writes with (restores, repairs): no user may write them. */
export const SERVER_OWNER = '@server';
/** Owner of client ids found in a stored document that nobody could be shown to have written. */
export const SEALED_OWNER = '@sealed';

/**
 * Which user may write each Yjs client id of one document.
 *
 * A Yjs update names the client id its structs belong to, and nothing in Yjs checks it: an editor could
 * write a GC struct over a colleague's next clock range, and that colleague's unsynced edits (whose clocks
 * the range covers) would then be dropped as duplicates everywhere, their own screen included. So the first
 * user to write a client id owns it, and only that user may write past its current state again: on any
 * connection, tab or device (a reload replays the previous tab's unsynced edits from IndexedDB under the old
 * client id; the local copy is per user, see src/lib/offline/local-doc.ts). A connection is not a narrower
 * unit on purpose: two tabs of one user share that copy and legitimately send each other's edits.
 *
 * Owners are stored per document (DocumentStore DOC7/DOC8), each claim before the first update that needs it
 * is appended, so a crash can leave an owner without content but never content without an owner. Client ids
 * a loaded document holds without an owner (stored before ownership existed, or a first state written outside
 * this runtime) are attributed once from history (CollabHooks.attributeClients) and otherwise sealed: owned by
 * nobody, writable by no one. Claiming them on first write would hand them to whoever writes first.
 */
export class ClientOwnership {
  private readonly owners = new Map<number, string>();
  /** Claims made in memory that the store does not have yet. */
  private unsaved: ClientOwner[] = [];

  constructor(stored: Iterable<ClientOwner>) {
    for (const { clientId, ownerId } of stored) if (!this.owners.has(clientId)) this.owners.set(clientId, ownerId);
  }

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  /**
   * Admits an update of `userId` that writes `clientIds`: null if every one is theirs or unowned (the unowned
   * ones become theirs), else the first client id someone else owns (then nothing is claimed).
   */
  admit(clientIds: Iterable<number>, userId: string): { foreign: number } | null {
    const fresh: number[] = [];
    for (const clientId of clientIds) {
      const owner = this.owners.get(clientId);
      if (owner === undefined) fresh.push(clientId);
      else if (owner !== userId) return { foreign: clientId };
    }
    for (const clientId of fresh) this.claim(clientId, userId);
    return null;
  }

  /** Records `ownerId` for ids that have no owner yet (used at load for attributed and sealed ids). */
  adopt(owners: ClientOwner[]): void {
    for (const { clientId, ownerId } of owners) if (!this.owners.has(clientId)) this.owners.set(clientId, ownerId);
  }

  /** Claims the server's own client id before it writes; false if it already belongs to someone else. */
  claimForServer(clientId: number): boolean {
    const owner = this.owners.get(clientId);
    if (owner === undefined) this.claim(clientId, SERVER_OWNER);
    return owner === undefined || owner === SERVER_OWNER;
  }

  /** Hands over the claims the store still lacks (the caller writes them before the updates that need them). */
  takeUnsaved(): ClientOwner[] {
    const claims = this.unsaved;
    this.unsaved = [];
    return claims;
  }

  private claim(clientId: number, ownerId: string): void {
    this.owners.set(clientId, ownerId);
    this.unsaved.push({ clientId, ownerId });
  }
}
