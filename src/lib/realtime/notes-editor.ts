import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Placeholder } from '@tiptap/extensions';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { notesOf } from '$lib/dossier-doc';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { isAllowedLinkHref, normalizeLinkHref } from './link-href';
import { userColor } from './user-color';

export interface NotesEditorOptions {
  element: HTMLElement;
  /** The dossier's live document and its awareness (carets). */
  session: { doc: Y.Doc; awareness: Awareness };
  user: { id: string; name: string };
  editable: boolean;
  placeholder: string;
  label: string;
  /** Accessible name of a checklist item's checkbox, e.g. "Done: Call procurement" (in the UI language). */
  taskLabel: (itemText: string) => string;
  onFocus(): void;
  onBlur(): void;
}

/** The caret a colleague sees at our position: a coloured bar with their name on top. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const id = typeof user.id === 'string' ? user.id : '';
  const name = typeof user.name === 'string' ? user.name : '';
  // Same colour as the avatars and field badges (derived from the id), whatever the awareness carries.
  const color = id ? userColor(id) : typeof user.color === 'string' ? user.color : '#71717a';
  const caret = document.createElement('span');
  caret.className = 'notes-caret';
  caret.style.setProperty('--caret-color', color);
  caret.setAttribute('data-testid', 'remote-caret');
  const label = document.createElement('span');
  label.className = 'notes-caret-label';
  label.textContent = name;
  caret.append(label);
  return caret;
}

/**
 * Tiptap's link, with every href going through the one href rule (link-href.ts) when it is read from pasted
 * HTML and when it is rendered. Rendering matters for notes written before the rule: a stored
 * `nordlicht.example` would otherwise be a relative link into the app, and a stored `javascript:` one a link
 * at all. A refused href renders as an <a> without href, which browsers do not treat as a link.
 */
const SafeLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      href: {
        default: null,
        parseHTML: (element: HTMLElement) => normalizeLinkHref(element.getAttribute('href')),
        renderHTML: (attributes: Record<string, unknown>) => {
          const href = normalizeLinkHref(typeof attributes.href === 'string' ? attributes.href : null);
          return href ? { href } : {};
        }
      }
    };
  }
});

/**
 * A Tiptap editor bound to the dossier's `notes` Y.XmlFragment. Plain TypeScript so the component only
 * mounts and renders the toolbar. Undo/redo come from the Collaboration extension (Yjs UndoManager, which
 * only undoes our own edits), hence StarterKit's history is off.
 */
export function createNotesEditor(options: NotesEditorOptions): Editor {
  const { session, user } = options;
  return new Editor({
    element: options.element,
    editable: options.editable,
    // Tiptap would inject its base CSS as an inline <style>, which the page's CSP refuses (style-src 'self');
    // the same rules ship in app.css instead.
    injectCSS: false,
    editorProps: {
      attributes: {
        'aria-label': options.label,
        'aria-multiline': 'true',
        role: 'textbox',
        'data-testid': 'notes-editor'
      }
    },
    extensions: [
      StarterKit.configure({
        undoRedo: false,
        // Would append an empty paragraph after a trailing list in every client at once: duplicates in the shared doc.
        trailingNode: false,
        heading: { levels: [2, 3] },
        codeBlock: false,
        code: false,
        horizontalRule: false,
        link: false
      }),
      SafeLink.configure({
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: ['mailto', 'tel'],
        // Autolink and paste hand over the text as typed ("www.x.de"); the href rule decides (link-href.ts).
        // No href at all is allowed: that is how a refused stored href renders (see SafeLink).
        isAllowedUri: (url) => !url || isAllowedLinkHref(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' }
      }),
      TaskList,
      TaskItem.configure({
        nested: true,
        // Tiptap's default name is English ("Task item checkbox for …"); it is re-read whenever the item changes.
        a11y: { checkboxLabel: (node) => options.taskLabel(node.textContent) }
      }),
      Placeholder.configure({ placeholder: options.placeholder }),
      // Bind to the one fragment every client and the server's diff/restore read; never create another.
      Collaboration.configure({ fragment: notesOf(session.doc) }),
      CollaborationCaret.configure({
        // y-tiptap only needs the awareness; the server stamps `user` with the authenticated identity anyway.
        provider: { awareness: session.awareness },
        user: { id: user.id, name: user.name, color: userColor(user.id) },
        render: renderCaret,
        selectionRender: (u: Record<string, unknown>) => ({
          nodeName: 'span',
          class: 'notes-selection',
          style: `--caret-color: ${typeof u.id === 'string' ? userColor(u.id) : '#71717a'}`
        })
      })
    ],
    onFocus: () => options.onFocus(),
    onBlur: () => options.onBlur()
  });
}
