import * as Y from 'yjs';
import { ApiError } from '$lib/api';
import { loadDossierMeta, NotAvailableOfflineError } from '$lib/offline/dossier-cache';
import {
  CONTACT_TEXT_KEYS,
  FIELD_KEYS,
  type ContactTextKey,
  type DossierDTO,
  type ErrorCode,
  type FieldKey,
  type UserDTO
} from '$lib/contract';
import { DossierSession, getSocket, type CloseReason, type ConnectionStatus, type Peer } from '$lib/realtime';
import { SaveTracker } from '$lib/realtime/save-tracker';
import { appendOrder, moveContact, sortedContacts } from '$lib/contract/contact-order';

export interface ContactView {
  id: string;
  primary: boolean;
  texts: Partial<Record<ContactTextKey, Y.Text>>;
  /** "Still right as of" this ISO time, by that user (id; name as written then, for when the id is unknown). */
  confirmed: { at: string; by: string; byName: string } | null;
}

export interface PresentUser {
  id: string;
  name: string;
  color: string;
  focus: string[];
}

function newId(): string {
  // crypto.randomUUID needs a secure context; plain-http LAN installs are not one.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'c' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/** One open dossier page: the REST metadata, the live Y.Doc views and who else is here. */
export class DossierEditorState {
  dossier = $state.raw<DossierDTO | null>(null);
  /** 'offline': no network and this device never opened the dossier, so there is nothing local to show. */
  loadError = $state<ErrorCode | 'offline' | null>(null);
  status = $state<ConnectionStatus>('connecting');
  closeReason = $state<CloseReason | null>(null);
  synced = $state(false);
  peers = $state.raw<Peer[]>([]);
  texts = $state.raw<Partial<Record<FieldKey, Y.Text>>>({});
  contacts = $state.raw<ContactView[]>([]);
  companyName = $state('');
  /** The open session once the Y.Doc exists (notes editor, history); null before and after. */
  live = $state.raw<DossierSession | null>(null);
  /** Local edits the server has not yet confirmed durable (SAVED message). */
  unsaved = $state(false);

  readOnly = $derived(this.dossier?.access !== 'edit' || this.status === 'closed');
  /** Colleagues here, one entry per person even with several tabs open. */
  present = $derived.by(() => {
    const byUser = new Map<string, PresentUser>();
    for (const peer of this.peers) {
      const entry = byUser.get(peer.user.id) ?? { ...peer.user, focus: [] };
      if (peer.focus) entry.focus.push(peer.focus);
      byUser.set(peer.user.id, entry);
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
  primaryContactId = $derived(this.contacts.find((c) => c.primary)?.id ?? null);

  private session: DossierSession | null = null;
  private observedCompany: Y.Text | null = null;
  private saveTracker: SaveTracker | null = null;
  private readonly dossierId: string;
  private readonly user: UserDTO;
  private destroyed = false;

  constructor(options: { dossierId: string; user: UserDTO }) {
    this.dossierId = options.dossierId;
    this.user = options.user;
  }

  async open(): Promise<void> {
    try {
      // Falls back to the copy from this device's last visit when the server is unreachable (offline).
      const meta = await loadDossierMeta({ userId: this.user.id, dossierId: this.dossierId });
      this.dossier = meta.dossier;
    } catch (err) {
      this.loadError =
        err instanceof NotAvailableOfflineError ? 'offline' : err instanceof ApiError ? err.code : 'internal';
      return;
    }
    if (this.destroyed) return;
    this.companyName = this.dossier.company;
    const session = new DossierSession({
      dossierId: this.dossierId,
      user: this.user,
      onStatus: (status) => (this.status = status),
      onClosed: (reason) => (this.closeReason = reason),
      onPeers: (peers) => (this.peers = peers),
      onSynced: () => {
        this.synced = true;
        this.ensureShape();
      }
    });
    this.session = session;
    this.live = session;
    this.saveTracker = new SaveTracker({
      doc: session.doc,
      provider: session.provider,
      onChange: (pending) => (this.unsaved = pending)
    });
    session.fields.observe(() => this.refreshFields());
    // Text edits inside contacts fire here too; only structure (add/remove/primary) needs a new view.
    session.contacts.observeDeep((events) => {
      if (events.some((e) => !(e.target instanceof Y.Text))) this.refreshContacts();
    });
    this.refreshFields();
    this.refreshContacts();
    // Socket.io rooms do not survive a reconnect: watch again on every connect, or viewers and restore
    // notices (room dossier:<id>) would stop after the first network hiccup.
    const socket = getSocket();
    socket.on('connect', this.watch);
    if (socket.connected) this.watch();
  }

  private watch = (): void => {
    getSocket().emit('dossier:watch', { dossierId: this.dossierId }, () => {});
  };

  /** Colleagues whose cursor is in `focusKey` right now. */
  focusedIn(focusKey: string): PresentUser[] {
    return this.present.filter((p) => p.focus.includes(focusKey));
  }

  setFocus(focusKey: string | null): void {
    this.session?.setFocus(focusKey);
  }

  addContact(): string | null {
    const session = this.session;
    if (!session || this.readOnly) return null;
    const id = newId();
    session.doc.transact(() => {
      const entry = new Y.Map<unknown>();
      entry.set('id', id);
      for (const key of CONTACT_TEXT_KEYS) entry.set(key, new Y.Text());
      entry.set('primary', this.primaryContactId === null);
      entry.set('order', appendOrder(session.contacts));
      session.contacts.push([entry]);
    });
    return id;
  }

  /** Clears the flag everywhere else in the same transaction, so peers never see two primaries. */
  setPrimary(contactId: string): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    session.doc.transact(() => {
      for (const entry of session.contacts) {
        const want = entry.get('id') === contactId;
        if (entry.get('primary') !== want) entry.set('primary', want);
      }
    });
  }

  /** One place up (-1) or down (+1); see contact-order.ts for why this is a key write, not a move. */
  moveContact(contactId: string, delta: -1 | 1): boolean {
    const session = this.session;
    if (!session || this.readOnly) return false;
    let moved = false;
    session.doc.transact(() => (moved = moveContact(session.contacts, contactId, delta)));
    return moved;
  }

  /** "Still right as of today": stamps who checked the contact and when. */
  confirmContact(contactId: string): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    const entry = session.contacts.toArray().find((e) => e instanceof Y.Map && e.get('id') === contactId);
    if (!entry) return;
    session.doc.transact(() => {
      entry.set('confirmedAt', new Date().toISOString());
      entry.set('confirmedBy', this.user.id);
      entry.set('confirmedByName', this.user.name);
    });
  }

  removeContact(contactId: string): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    session.doc.transact(() => {
      const list = session.contacts.toArray();
      const index = list.findIndex((e) => e.get('id') === contactId);
      if (index < 0) return;
      const wasPrimary = list[index].get('primary') === true;
      session.contacts.delete(index, 1);
      // Keep exactly one primary while any contact is left: the first one shown takes over.
      if (wasPrimary && session.contacts.length > 0) sortedContacts(session.contacts)[0]?.set('primary', true);
    });
  }

  destroy(): void {
    this.destroyed = true;
    if (this.session) {
      getSocket().off('connect', this.watch);
      getSocket().emit('dossier:unwatch', { dossierId: this.dossierId }, () => {});
      this.observedCompany?.unobserve(this.onCompanyChange);
      this.saveTracker?.destroy();
      this.saveTracker = null;
      this.live = null;
      this.session.destroy();
      this.session = null;
    }
  }

  /**
   * Creates fields and contact texts the server did not write. Runs only after the first sync, so we
   * add what is really missing rather than racing the server's own Y.Text for the same key.
   */
  private ensureShape(): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    const missing = FIELD_KEYS.filter((key) => !(session.fields.get(key) instanceof Y.Text));
    const contacts = session.contacts.toArray().filter((entry) => entry instanceof Y.Map);
    const incomplete = contacts.filter((entry) => CONTACT_TEXT_KEYS.some((k) => !(entry.get(k) instanceof Y.Text)));
    if (missing.length === 0 && incomplete.length === 0) return;
    session.doc.transact(() => {
      for (const key of missing) {
        const legacy = session.fields.get(key) as unknown;
        session.fields.set(key, new Y.Text(typeof legacy === 'string' ? legacy : ''));
      }
      for (const entry of incomplete) {
        for (const key of CONTACT_TEXT_KEYS) {
          const value = entry.get(key);
          if (!(value instanceof Y.Text)) entry.set(key, new Y.Text(typeof value === 'string' ? value : ''));
        }
      }
    });
  }

  private refreshFields(): void {
    const session = this.session;
    if (!session) return;
    const texts: Partial<Record<FieldKey, Y.Text>> = {};
    for (const key of FIELD_KEYS) {
      const value = session.fields.get(key);
      if (value instanceof Y.Text) texts[key] = value;
    }
    this.texts = texts;
    const company = texts.company ?? null;
    if (company !== this.observedCompany) {
      this.observedCompany?.unobserve(this.onCompanyChange);
      company?.observe(this.onCompanyChange);
      this.observedCompany = company;
      if (company) this.onCompanyChange();
    }
  }

  private onCompanyChange = (): void => {
    this.companyName = this.observedCompany?.toString() ?? '';
  };

  private repairPrimary(): void {
    const session = this.session;
    const keep = this.contacts.find((c) => c.primary)?.id ?? this.contacts[0]?.id;
    if (session && keep) this.setPrimary(keep);
  }

  private refreshContacts(): void {
    const session = this.session;
    if (!session) return;
    const views: ContactView[] = [];
    let primarySeen = false;
    for (const entry of sortedContacts(session.contacts)) {
      const id = entry.get('id');
      if (typeof id !== 'string') continue;
      const texts: ContactView['texts'] = {};
      for (const key of CONTACT_TEXT_KEYS) {
        const value = entry.get(key);
        if (value instanceof Y.Text) texts[key] = value;
      }
      // Concurrent "make primary" on two contacts can leave two flags set; show only the first.
      const primary: boolean = entry.get('primary') === true && !primarySeen;
      primarySeen ||= primary;
      const at = entry.get('confirmedAt');
      const by = entry.get('confirmedBy');
      const byName = entry.get('confirmedByName');
      const confirmed =
        typeof at === 'string' && typeof by === 'string'
          ? { at, by, byName: typeof byName === 'string' ? byName : '' }
          : null;
      views.push({ id, primary, texts, confirmed });
    }
    this.contacts = views;
    // Concurrent "make primary" (or removing the primary while another is made primary) can leave the
    // doc with two flags or none. Every editor repairs it the same deterministic way, so repairs merge.
    const flags = session.contacts.toArray().filter((e) => e instanceof Y.Map && e.get('primary') === true).length;
    if (this.synced && !this.readOnly && views.length > 0 && flags !== 1) queueMicrotask(() => this.repairPrimary());
  }
}
