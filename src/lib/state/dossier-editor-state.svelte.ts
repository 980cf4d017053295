import * as Y from 'yjs';
import { ApiError } from '$lib/api/api-error';
import { NotAvailableOfflineError } from '$lib/offline/offline-errors';
import type { DossierDTO, ErrorCode, UserDTO } from '$lib/contract';
import {
  addContact,
  confirmContact,
  contactsOf,
  ensureDocShape,
  fieldsOf,
  fieldTexts,
  moveContact,
  needsPrimaryRepair,
  readContactsLive,
  removeContact,
  repairPrimaryContact,
  setPrimaryContact,
  type ContactLive,
  type FieldKey
} from '$lib/dossier-doc';
import type { CloseReason, ConnectionStatus, Peer } from '$lib/realtime/dossier-session';
import type { EditorLiveSession, EditorPorts } from './dossier-editor-ports';

export type ContactView = ContactLive;

export interface PresentUser {
  id: string;
  name: string;
  color: string;
  focus: string[];
}

/**
 * One open dossier page: the REST metadata, the live Y.Doc views and who else is here. Every write goes
 * through $lib/dossier-doc; this class only decides when (read-only, not yet synced) and keeps views fresh.
 */
export class DossierEditorState {
  #dossier = $state.raw<DossierDTO | null>(null);
  #loadError = $state<ErrorCode | 'offline' | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #closeReason = $state<CloseReason | null>(null);
  #synced = $state(false);
  #peers = $state.raw<Peer[]>([]);
  #texts = $state.raw<Partial<Record<FieldKey, Y.Text>>>({});
  #contacts = $state.raw<ContactView[]>([]);
  #companyName = $state('');
  #live = $state.raw<EditorLiveSession | null>(null);
  #unsaved = $state(false);

  #readOnly = $derived(this.#dossier?.access !== 'edit' || this.#status === 'closed');
  #present = $derived.by(() => {
    const byUser = new Map<string, PresentUser>();
    for (const peer of this.#peers) {
      const entry = byUser.get(peer.user.id) ?? { ...peer.user, focus: [] };
      if (peer.focus) entry.focus.push(peer.focus);
      byUser.set(peer.user.id, entry);
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
  #primaryContactId = $derived(this.#contacts.find((c) => c.primary)?.id ?? null);

  #session: EditorLiveSession | null = null;
  #observedCompany: Y.Text | null = null;
  #destroyed = false;
  readonly #dossierId: string;
  readonly #user: UserDTO;
  readonly #ports: EditorPorts;

  constructor(options: { dossierId: string; user: UserDTO; ports: EditorPorts }) {
    this.#dossierId = options.dossierId;
    this.#user = options.user;
    this.#ports = options.ports;
  }

  get dossier() {
    return this.#dossier;
  }
  /** 'offline': no network and this device never opened the dossier, so there is nothing local to show. */
  get loadError() {
    return this.#loadError;
  }
  get status() {
    return this.#status;
  }
  get closeReason() {
    return this.#closeReason;
  }
  get synced() {
    return this.#synced;
  }
  get peers() {
    return this.#peers;
  }
  get texts() {
    return this.#texts;
  }
  get contacts() {
    return this.#contacts;
  }
  get companyName() {
    return this.#companyName;
  }
  /** The open session once the Y.Doc exists (notes editor); null before and after. */
  get live() {
    return this.#live;
  }
  /** Local edits the server has not yet confirmed durable (SAVED message). */
  get unsaved() {
    return this.#unsaved;
  }
  get readOnly() {
    return this.#readOnly;
  }
  /** Colleagues here, one entry per person even with several tabs open. */
  get present() {
    return this.#present;
  }
  get primaryContactId() {
    return this.#primaryContactId;
  }

  async open(): Promise<void> {
    try {
      // Falls back to the copy from this device's last visit when the server is unreachable (offline).
      const meta = await this.#ports.loadMeta({ userId: this.#user.id, dossierId: this.#dossierId });
      this.#dossier = meta.dossier;
    } catch (err) {
      this.#loadError =
        err instanceof NotAvailableOfflineError ? 'offline' : err instanceof ApiError ? err.code : 'internal';
      return;
    }
    if (this.#destroyed) return;
    this.#companyName = this.#dossier.company;
    const session = this.#ports.openSession({
      dossierId: this.#dossierId,
      user: this.#user,
      onStatus: (status) => (this.#status = status),
      onClosed: (reason) => (this.#closeReason = reason),
      onPeers: (peers) => (this.#peers = peers),
      onSynced: () => {
        this.#synced = true;
        // A session may report its first sync before openSession returns (a synced local copy).
        if (this.#session) this.#afterFirstSync();
      },
      onUnsaved: (pending) => (this.#unsaved = pending)
    });
    this.#session = session;
    this.#live = session;
    if (this.#synced) this.#afterFirstSync();
    fieldsOf(session.doc).observe(() => this.#refreshFields());
    // Text edits inside contacts fire here too; only structure (add/remove/primary/order) needs a new view.
    contactsOf(session.doc).observeDeep((events) => {
      if (events.some((e) => !(e.target instanceof Y.Text))) this.#refreshContacts();
    });
    this.#refreshFields();
    this.#refreshContacts();
    this.#ports.watch(this.#dossierId);
  }

  /** Colleagues whose cursor is in `focusKey` right now. */
  focusedIn(focusKey: string): PresentUser[] {
    return this.#present.filter((p) => p.focus.includes(focusKey));
  }

  setFocus(focusKey: string | null): void {
    this.#session?.setFocus(focusKey);
  }

  /**
   * After a refused update (too large), drops what this device holds of the dossier and has not saved, so the
   * next load starts from the server's copy instead of resending the refused update. The page then reloads.
   */
  async discardUnsavedChanges(): Promise<void> {
    await this.#session?.discardLocalCopy();
  }

  /** Appends an empty contact (primary when it is the first) and returns its id; null when read-only. */
  addContact(): string | null {
    const doc = this.#writable();
    if (!doc) return null;
    const id = this.#ports.newId();
    addContact(doc, { id });
    return id;
  }

  setPrimary(contactId: string): void {
    const doc = this.#writable();
    if (doc) setPrimaryContact(doc, contactId);
  }

  /** One place up (-1) or down (+1); false at either end or when read-only. */
  moveContact(contactId: string, delta: -1 | 1): boolean {
    const doc = this.#writable();
    return doc ? moveContact(doc, contactId, delta) : false;
  }

  /** "Still right as of today": stamps who checked the contact and when. */
  confirmContact(contactId: string): void {
    const doc = this.#writable();
    if (!doc) return;
    const at = new Date(this.#ports.now()).toISOString();
    confirmContact(doc, { contactId, at, by: this.#user.id, byName: this.#user.name });
  }

  removeContact(contactId: string): void {
    const doc = this.#writable();
    if (doc) removeContact(doc, contactId);
  }

  destroy(): void {
    this.#destroyed = true;
    if (!this.#session) return;
    this.#ports.unwatch(this.#dossierId);
    this.#observedCompany?.unobserve(this.#onCompanyChange);
    this.#live = null;
    this.#session.destroy();
    this.#session = null;
  }

  /**
   * Creates fields and contact texts the server did not write. Only after the first sync, so we add what is
   * really missing rather than racing the server's own Y.Text for the same key.
   */
  #afterFirstSync(): void {
    const session = this.#session;
    if (!session) return;
    if (!this.#readOnly) ensureDocShape(session.doc);
    this.#refreshContacts();
  }

  #writable(): Y.Doc | null {
    return this.#session && !this.#readOnly ? this.#session.doc : null;
  }

  #refreshFields(): void {
    const session = this.#session;
    if (!session) return;
    const texts = fieldTexts(session.doc);
    this.#texts = texts;
    const company = texts.company ?? null;
    if (company !== this.#observedCompany) {
      this.#observedCompany?.unobserve(this.#onCompanyChange);
      company?.observe(this.#onCompanyChange);
      this.#observedCompany = company;
      if (company) this.#onCompanyChange();
    }
  }

  #onCompanyChange = (): void => {
    this.#companyName = this.#observedCompany?.toString() ?? '';
  };

  #refreshContacts(): void {
    const session = this.#session;
    if (!session) return;
    this.#contacts = readContactsLive(session.doc);
    // Concurrent "make primary" (or removing the primary while another is made primary) can leave two flags
    // or none. Every editor repairs the same deterministic way (see doc-repair.ts), so repairs merge. Not
    // inside this observer's transaction: Yjs would fold the write into the remote change being observed.
    if (this.#synced && !this.#readOnly && needsPrimaryRepair(session.doc)) {
      queueMicrotask(() => {
        if (this.#session === session && !this.#readOnly) repairPrimaryContact(session.doc);
      });
    }
  }
}
