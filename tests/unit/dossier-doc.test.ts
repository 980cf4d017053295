import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addContact,
  confirmContact,
  contactsOf,
  ensureDocShape,
  fieldsOf,
  FIELD_KEYS,
  needsPrimaryRepair,
  notesOf,
  notesPlainText,
  projectDossier,
  projectKnowledge,
  readContacts,
  readContactsLive,
  readField,
  readFields,
  removeContact,
  repairPrimaryContact,
  replaceDossierContent,
  setPrimaryContact,
  writeDossierContent,
  writeField
} from '../../src/lib/dossier-doc';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
};
const primaries = (doc: Y.Doc) =>
  readContacts(doc)
    .filter((c) => c.primary)
    .map((c) => c.id);

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  writeDossierContent(doc, {
    fields: { company: '  Müller GmbH ', street: 'Königsallee 1', postalCode: '40212', city: 'Düsseldorf' },
    contacts: [
      { id: 'c1', name: 'Jörg Kessler', role: 'CEO', primary: true },
      { id: 'c2', name: '   ' },
      { id: 'c3', name: 'Anna Weber', phone: '+49 211 1' }
    ]
  });
  return doc;
}

describe('dossier document: write and read', () => {
  it('writes every field key as a Y.Text (empty when not given) and the contacts in order', () => {
    const doc = seeded();
    for (const key of FIELD_KEYS) expect(fieldsOf(doc).get(key)).toBeInstanceOf(Y.Text);
    expect(readField(doc, 'website')).toBe('');
    expect(readFields(doc).postalCode).toBe('40212');
    expect(readContacts(doc).map((c) => [c.id, c.name, c.primary])).toEqual([
      ['c1', 'Jörg Kessler', true],
      ['c2', '   ', false],
      ['c3', 'Anna Weber', false]
    ]);
  });

  it('projects trimmed listable values, contact names in display order without blank ones', () => {
    expect(projectDossier(seeded())).toEqual({
      company: 'Müller GmbH',
      street: 'Königsallee 1',
      postalCode: '40212',
      city: 'Düsseldorf',
      industry: '',
      contactNames: ['Jörg Kessler', 'Anna Weber'],
      // Issue #9: the primary contact was never confirmed; no main interests or conditions in this document.
      knowledge: {
        hasPrimaryContact: true,
        primaryContactConfirmedAt: null,
        hasMainInterests: false,
        hasAgreedConditions: false
      }
    });
  });

  it('projects the knowledge-risk facts: the primary contact’s confirmation and whether interests and conditions are filled', () => {
    const doc = seeded();
    confirmContact(doc, { contactId: 'c3', at: '2025-03-01T10:00:00.000Z', by: 'u1', byName: 'Anna' });
    expect(projectKnowledge(doc).primaryContactConfirmedAt).toBeNull(); // c3 is not the primary contact
    confirmContact(doc, { contactId: 'c1', at: '2025-04-01T10:00:00.000Z', by: 'u1', byName: 'Anna' });
    writeField(doc, 'mainInterests', '  Pumps  ');
    writeField(doc, 'agreedConditions', '   ');
    expect(projectKnowledge(doc)).toEqual({
      hasPrimaryContact: true,
      primaryContactConfirmedAt: '2025-04-01T10:00:00.000Z',
      hasMainInterests: true,
      hasAgreedConditions: false
    });
    expect(projectKnowledge(new Y.Doc())).toEqual({
      hasPrimaryContact: false,
      primaryContactConfirmedAt: null,
      hasMainInterests: false,
      hasAgreedConditions: false
    });
  });

  it('caps projected lengths so one pasted essay cannot bloat list rows', () => {
    const doc = new Y.Doc();
    writeDossierContent(doc, {
      fields: { company: 'x'.repeat(5000), postalCode: '1'.repeat(300) },
      contacts: Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, name: `N${i}` }))
    });
    const p = projectDossier(doc);
    expect(p.company).toHaveLength(200);
    expect(p.postalCode).toHaveLength(20);
    expect(p.contactNames).toHaveLength(50);
  });

  it('reads legacy plain-string values and repairs them into Y.Texts after sync', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      (fieldsOf(doc) as Y.Map<unknown>).set('city', 'Bonn');
      const c = new Y.Map<unknown>();
      c.set('id', 'old');
      c.set('name', 'Eva');
      contactsOf(doc).push([c]);
    });
    expect(readField(doc, 'city')).toBe('Bonn');
    expect(projectDossier(doc).contactNames).toEqual(['Eva']);
    expect(ensureDocShape(doc)).toBe(true);
    expect(fieldsOf(doc).get('city')).toBeInstanceOf(Y.Text);
    expect(readField(doc, 'city')).toBe('Bonn');
    expect(readContactsLive(doc)[0].texts.name?.toString()).toBe('Eva');
    expect(ensureDocShape(doc)).toBe(false);
  });

  it('writeField splices only the differing middle, so a concurrent edit elsewhere survives', () => {
    const a = seeded();
    const b = new Y.Doc();
    sync(a, b);
    writeField(a, 'street', 'Königsallee 12');
    (fieldsOf(b).get('street') as Y.Text).insert(0, 'An der ');
    sync(a, b);
    expect(readField(a, 'street')).toBe('An der Königsallee 12');
    expect(readField(b, 'street')).toBe(readField(a, 'street'));
  });
});

describe('dossier document: contact commands', () => {
  it('the first added contact becomes primary, later ones do not', () => {
    const doc = new Y.Doc();
    addContact(doc, { id: 'a' });
    addContact(doc, { id: 'b' });
    expect(primaries(doc)).toEqual(['a']);
    expect(readContactsLive(doc).map((c) => Object.keys(c.texts))).toEqual([
      ['name', 'role', 'phone', 'email'],
      ['name', 'role', 'phone', 'email']
    ]);
  });

  it('setPrimary moves the flag in one transaction (one update for peers)', () => {
    const doc = seeded();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    setPrimaryContact(doc, 'c3');
    expect(primaries(doc)).toEqual(['c3']);
    expect(updates).toHaveLength(1);
  });

  it('confirm stamps who and when; a removed contact cannot be confirmed', () => {
    const doc = seeded();
    expect(confirmContact(doc, { contactId: 'c3', at: '2025-03-01T10:00:00.000Z', by: 'u1', byName: 'Anna' })).toBe(
      true
    );
    expect(readContactsLive(doc).find((c) => c.id === 'c3')?.confirmed).toEqual({
      at: '2025-03-01T10:00:00.000Z',
      by: 'u1',
      byName: 'Anna'
    });
    expect(readContactsLive(doc).find((c) => c.id === 'c1')?.confirmed).toBeNull();
    expect(confirmContact(doc, { contactId: 'gone', at: 'x', by: 'u1', byName: 'A' })).toBe(false);
  });

  it('removing the primary hands the flag to the first contact shown', () => {
    const doc = seeded();
    expect(removeContact(doc, 'c1')).toBe(true);
    expect(primaries(doc)).toEqual(['c2']);
    expect(removeContact(doc, 'c1')).toBe(false);
    removeContact(doc, 'c2');
    removeContact(doc, 'c3');
    expect(readContacts(doc)).toEqual([]);
    expect(needsPrimaryRepair(doc)).toBe(false);
  });

  it('concurrent "make primary" leaves two flags; both sides repair to the same single primary', () => {
    const a = seeded();
    const b = new Y.Doc();
    sync(a, b);
    setPrimaryContact(a, 'c2');
    setPrimaryContact(b, 'c3');
    sync(a, b);
    expect(needsPrimaryRepair(a)).toBe(true);
    // Views already show only the first flagged contact.
    expect(readContactsLive(a).filter((c) => c.primary)).toHaveLength(1);
    expect(repairPrimaryContact(a)).toBe(true);
    expect(repairPrimaryContact(b)).toBe(true);
    sync(a, b);
    expect(primaries(a)).toEqual(primaries(b));
    expect(primaries(a)).toHaveLength(1);
    expect(repairPrimaryContact(a)).toBe(false);
  });

  it('removing the primary while a colleague makes another primary repairs to one primary', () => {
    const a = seeded();
    const b = new Y.Doc();
    sync(a, b);
    removeContact(a, 'c1');
    setPrimaryContact(b, 'c3');
    sync(a, b);
    repairPrimaryContact(a);
    repairPrimaryContact(b);
    sync(a, b);
    expect(primaries(a)).toHaveLength(1);
    expect(primaries(b)).toEqual(primaries(a));
  });
});

describe('dossier document: restore and notes', () => {
  it('replaceDossierContent makes the target equal to the source as a new change', () => {
    const source = seeded();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Besuch am Montag')]);
    notesOf(source).insert(0, [p]);
    const target = new Y.Doc();
    writeDossierContent(target, { fields: { company: 'Other' }, contacts: [{ id: 'z', name: 'Zed' }] });
    replaceDossierContent(target, source);
    expect(readFields(target)).toEqual(readFields(source));
    expect(readContacts(target)).toEqual(readContacts(source));
    expect(notesPlainText(target)).toBe('Besuch am Montag');
  });

  it('notes read as plain text, one line per block and per list item', () => {
    const doc = new Y.Doc();
    const para = new Y.XmlElement('paragraph');
    para.insert(0, [new Y.XmlText('Intro')]);
    const list = new Y.XmlElement('bulletList');
    for (const text of ['eins', 'zwei']) {
      const item = new Y.XmlElement('listItem');
      const inner = new Y.XmlElement('paragraph');
      inner.insert(0, [new Y.XmlText(text)]);
      item.insert(0, [inner]);
      list.push([item]);
    }
    notesOf(doc).insert(0, [para, list]);
    expect(notesPlainText(doc)).toBe('Intro\neins\nzwei');
  });
});
