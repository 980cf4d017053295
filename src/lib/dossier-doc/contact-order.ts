import * as Y from 'yjs';
import { CONTACT_KEY, type ContactEntry } from './doc-schema';

/*
 * Contact order is an explicit fractional `order` number on each contact Y.Map, and lists sort by it.
 *
 * Why not move by delete + insert of a cloned Y.Map: two colleagues moving the same contact at once
 * would each delete the original (deletes merge) and each insert a clone (inserts do not) — a duplicate.
 * And a colleague typing into the contact while it moves would type into the deleted original, so the
 * edit would be lost. With an `order` key a move is one map write: concurrent moves of one contact are
 * last-writer-wins on that key, never a copy, and the Y.Map keeps its identity (and its Y.Texts).
 * Two contacts may end up with the same key after concurrent moves; the id breaks the tie, so every
 * client shows the same order, and the next move renumbers.
 */

const ORDER = CONTACT_KEY.order;

function keyOf(entry: ContactEntry, index: number): number {
  const order = entry.get(ORDER);
  // Contacts written before ordering existed keep their array position.
  return typeof order === 'number' && Number.isFinite(order) ? order : index;
}

export function contactIdOf(entry: ContactEntry): string {
  const id = entry.get(CONTACT_KEY.id);
  return typeof id === 'string' ? id : '';
}

/** Contacts in display order: by `order`, then id, so all clients agree even on ties. */
export function sortedContacts(contacts: Y.Array<ContactEntry>): ContactEntry[] {
  return contacts
    .toArray()
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry instanceof Y.Map)
    .map(({ entry, index }) => ({ entry, key: keyOf(entry, index) }))
    .sort((a, b) => a.key - b.key || contactIdOf(a.entry).localeCompare(contactIdOf(b.entry)))
    .map(({ entry }) => entry);
}

/** Writes 0, 1, 2, … in the given order; only keys that differ, so a no-op renumber sends nothing. */
function renumber(list: ContactEntry[]): void {
  list.forEach((entry, i) => {
    if (entry.get(ORDER) !== i) entry.set(ORDER, i);
  });
}

/** The `order` for a contact appended at the end. Call inside the transaction that pushes it. */
export function appendOrder(contacts: Y.Array<ContactEntry>): number {
  const list = sortedContacts(contacts);
  if (list.some((e) => typeof e.get(ORDER) !== 'number')) renumber(list);
  const last = list.at(-1);
  return last ? (last.get(ORDER) as number) + 1 : 0;
}

/**
 * Moves a contact one place up (-1) or down (+1) in display order. Runs inside the caller's
 * transaction; returns false when it is already at that end.
 */
export function moveContactInOrder(contacts: Y.Array<ContactEntry>, contactId: string, delta: -1 | 1): boolean {
  const list = sortedContacts(contacts);
  const from = list.findIndex((e) => contactIdOf(e) === contactId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= list.length) return false;
  const entry = list[from];
  const rest = list.filter((_, i) => i !== from);
  // Slot between rest[to - 1] and rest[to] in the list without the moving contact.
  const before = rest[to - 1];
  const after = rest[to];
  const keys = list.map((e, i) => keyOf(e, i));
  const lo = before ? keys[list.indexOf(before)] : keys[list.indexOf(after)] - 1;
  const hi = after ? keys[list.indexOf(after)] : keys[list.indexOf(before)] + 1;
  const mid = (lo + hi) / 2;
  const untidy = list.some((e) => typeof e.get(ORDER) !== 'number');
  if (untidy || !(lo < mid && mid < hi)) {
    // Missing keys, a tie or exhausted float precision: renumber everything in the new order instead.
    rest.splice(to, 0, entry);
    renumber(rest);
  } else {
    entry.set(ORDER, mid);
  }
  return true;
}
