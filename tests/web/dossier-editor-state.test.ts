import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiError } from '../../src/lib/api/api-error';
import type { UserDTO } from '../../src/lib/contract';
import {
  addContact,
  fieldsOf,
  readContacts,
  repairPrimaryContact,
  setPrimaryContact,
  writeDossierContent
} from '../../src/lib/dossier-doc';
import { NotAvailableOfflineError } from '../../src/lib/offline/offline-errors';
import { DossierEditorState } from '../../src/lib/state/dossier-editor-state.svelte';
import { dossierDto, FakeEditorPorts, syncDocs } from './fakes/fake-editor-ports';

const user: UserDTO = { id: 'u1', email: 'anna@x', name: 'Anna', role: 'rep', locale: 'de', teams: [] };

/** The server's copy of the dossier: what the editor receives on its first sync. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeDossierContent(doc, {
    fields: { company: 'Müller GmbH', city: 'Köln' },
    contacts: [
      { id: 'c1', name: 'Jörg', primary: true },
      { id: 'c2', name: 'Eva' }
    ]
  });
  return doc;
}

async function opened(ports = new FakeEditorPorts(), server = serverDoc()) {
  const editor = new DossierEditorState({ dossierId: 'd1', user, ports });
  await editor.open();
  const session = ports.session;
  syncDocs(session.doc, server);
  session.options.onSynced();
  return { editor, ports, session, server };
}

describe('DossierEditorState', () => {
  it('shows the REST metadata, then the live fields and contacts of the document', async () => {
    const ports = new FakeEditorPorts();
    const editor = new DossierEditorState({ dossierId: 'd1', user, ports });
    await editor.open();
    expect(editor.dossier?.company).toBe('Müller GmbH');
    expect(editor.companyName).toBe('Müller GmbH');
    expect(ports.watched).toEqual(['d1']);
    syncDocs(ports.session.doc, serverDoc());
    expect(editor.texts.city?.toString()).toBe('Köln');
    expect(editor.contacts.map((c) => [c.id, c.primary])).toEqual([
      ['c1', true],
      ['c2', false]
    ]);
    fieldsOf(ports.session.doc).get('company')!.insert(0, 'Neu: ');
    expect(editor.companyName).toBe('Neu: Müller GmbH');
  });

  it('creates missing fields only after the first sync, never before (it would race the server’s own)', async () => {
    const ports = new FakeEditorPorts();
    const editor = new DossierEditorState({ dossierId: 'd1', user, ports });
    await editor.open();
    expect(fieldsOf(ports.session.doc).size).toBe(0);
    const legacy = new Y.Doc();
    (fieldsOf(legacy) as Y.Map<unknown>).set('city', 'Bonn');
    syncDocs(ports.session.doc, legacy);
    ports.session.options.onSynced();
    expect(editor.synced).toBe(true);
    expect(editor.texts.company).toBeInstanceOf(Y.Text);
    expect(editor.texts.city?.toString()).toBe('Bonn');
  });

  it('adds, moves, confirms and removes contacts through the document', async () => {
    const { editor, ports, session } = await opened();
    const id = editor.addContact();
    expect(id).toBe('new1');
    expect(editor.contacts.map((c) => c.id)).toEqual(['c1', 'c2', 'new1']);
    expect(editor.moveContact('new1', -1)).toBe(true);
    expect(editor.contacts.map((c) => c.id)).toEqual(['c1', 'new1', 'c2']);
    expect(editor.moveContact('c1', -1)).toBe(false);

    ports.clock = Date.UTC(2025, 5, 2, 8, 30);
    editor.confirmContact('c2');
    expect(editor.contacts.find((c) => c.id === 'c2')?.confirmed).toEqual({
      at: '2025-06-02T08:30:00.000Z',
      by: 'u1',
      byName: 'Anna'
    });

    editor.setPrimary('c2');
    expect(editor.primaryContactId).toBe('c2');
    editor.removeContact('c2');
    expect(readContacts(session.doc).map((c) => [c.id, c.primary])).toEqual([
      ['c1', true],
      ['new1', false]
    ]);
  });

  it('writes nothing when read-only (a viewer, or a session the server closed)', async () => {
    const ports = new FakeEditorPorts();
    ports.meta = async () => ({ dossier: dossierDto({ access: 'read' }) });
    const { editor, session } = await opened(ports);
    const updates: Uint8Array[] = [];
    session.doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(editor.readOnly).toBe(true);
    expect(editor.addContact()).toBeNull();
    editor.setPrimary('c2');
    editor.confirmContact('c1');
    editor.removeContact('c1');
    expect(editor.moveContact('c2', -1)).toBe(false);
    expect(updates).toEqual([]);

    const { editor: second, session: other } = await opened();
    other.options.onStatus('closed');
    expect(second.readOnly).toBe(true);
    expect(second.addContact()).toBeNull();
  });

  it('repairs two primaries from concurrent "make primary" to one, the same way as the colleague', async () => {
    const { editor, session, server } = await opened();
    addContact(server, { id: 'c3' });
    syncDocs(session.doc, server);
    // Anna makes Eva primary while a colleague makes c3 primary: after the merge both carry the flag.
    editor.setPrimary('c2');
    setPrimaryContact(server, 'c3');
    syncDocs(session.doc, server);
    expect(readContacts(session.doc).filter((c) => c.primary)).toHaveLength(2);
    // The views show one primary at once; the document is repaired right after the remote change.
    expect(editor.contacts.filter((c) => c.primary).map((c) => c.id)).toEqual(['c2']);
    await Promise.resolve();
    expect(
      readContacts(session.doc)
        .filter((c) => c.primary)
        .map((c) => c.id)
    ).toEqual(['c2']);
    // The colleague's editor repairs the same way; both repairs merge into the same single primary.
    repairPrimaryContact(server);
    syncDocs(session.doc, server);
    expect(
      readContacts(server)
        .filter((c) => c.primary)
        .map((c) => c.id)
    ).toEqual(['c2']);
    expect(readContacts(server)).toEqual(readContacts(session.doc));
  });

  it('groups colleagues’ tabs into one person with every field they are in', async () => {
    const { editor, session } = await opened();
    const peer = (clientId: number, id: string, name: string, focus: string | null) => ({
      clientId,
      user: { id, name, color: '#000' },
      focus
    });
    session.options.onPeers([
      peer(1, 'u2', 'Zoe', 'company'),
      peer(2, 'u2', 'Zoe', 'contact:c1:phone'),
      peer(3, 'u3', 'Ben', null)
    ]);
    expect(editor.present.map((p) => [p.name, p.focus])).toEqual([
      ['Ben', []],
      ['Zoe', ['company', 'contact:c1:phone']]
    ]);
    expect(editor.focusedIn('company').map((p) => p.id)).toEqual(['u2']);
    editor.setFocus('city');
    expect(session.focus).toBe('city');
  });

  it('reports unsaved edits and connection status as the session tells them', async () => {
    const { editor, session } = await opened();
    session.options.onUnsaved(true);
    session.options.onStatus('offline');
    expect(editor.unsaved).toBe(true);
    expect(editor.status).toBe('offline');
    session.options.onUnsaved(false);
    session.options.onClosed('forbidden');
    expect(editor.unsaved).toBe(false);
    expect(editor.closeReason).toBe('forbidden');
  });

  it('maps load failures and opens no session: not found, and offline without a local copy', async () => {
    for (const [error, expected] of [
      [new ApiError({ code: 'not_found', message: 'x', status: 404 }), 'not_found'],
      [new NotAvailableOfflineError(), 'offline'],
      [new Error('boom'), 'internal']
    ] as const) {
      const ports = new FakeEditorPorts();
      ports.meta = () => Promise.reject(error);
      const editor = new DossierEditorState({ dossierId: 'd1', user, ports });
      await editor.open();
      expect(editor.loadError).toBe(expected);
      expect(ports.sessions).toEqual([]);
    }
  });

  it('destroy stops watching and closes the session; destroyed before the metadata arrives, it opens nothing', async () => {
    const { editor, ports, session } = await opened();
    editor.destroy();
    expect(session.destroyed).toBe(true);
    expect(ports.watched).toEqual([]);
    expect(editor.live).toBeNull();

    const late = new FakeEditorPorts();
    const early = new DossierEditorState({ dossierId: 'd1', user, ports: late });
    const opening = early.open();
    early.destroy();
    await opening;
    expect(late.sessions).toEqual([]);
  });
});
