/**
 * Opening a search hit (issue #11) lands on the dossier page with a hash naming what matched: `#notes`,
 * `#contacts`, `#field-<key>`, `#entry-<interactionId>` or `#timeline`. The page renders its sections only
 * after the dossier loaded (and the notes editor and timeline after that), so this waits for the element,
 * then scrolls it to the middle of the screen, focuses it (the notes editor itself, so typing continues
 * there) and flashes it once. A timeline entry beyond the first page falls back to the timeline section.
 */

/** Long enough for a cold load on a phone; the wait is a cheap animation-frame poll. */
const WAIT_MS = 8000;

function find(hash: string): { el: HTMLElement; focus: HTMLElement | null } | null {
  const q = (selector: string) => document.querySelector<HTMLElement>(selector);
  if (hash === '#notes') {
    const el = q('section[aria-labelledby="sec-notes"]');
    const editor = el?.querySelector<HTMLElement>('.ProseMirror');
    return el && editor ? { el, focus: editor } : null;
  }
  if (hash === '#contacts') {
    const el = q('section[aria-labelledby="sec-contacts"]');
    return el ? { el, focus: el.querySelector<HTMLElement>('input, textarea, button') } : null;
  }
  if (hash === '#timeline') {
    const el = q('[data-testid="dossier-timeline"]');
    return el ? { el, focus: null } : null;
  }
  if (hash.startsWith('#field-')) {
    const el = q(`[data-field="${CSS.escape(hash.slice(7))}"]`);
    return el ? { el, focus: el.querySelector<HTMLElement>('input, textarea, [contenteditable="true"]') } : null;
  }
  if (hash.startsWith('#entry-')) {
    const el = document.getElementById(hash.slice(1));
    return el ? { el, focus: el } : null;
  }
  return null;
}

/** Reveals the hash's target once it exists; returns a function that stops waiting (page left). */
export function revealHashTarget(hash: string): () => void {
  if (!hash) return () => {};
  let frame = 0;
  const started = performance.now();
  const tick = () => {
    let found = find(hash);
    if (!found && hash.startsWith('#entry-') && performance.now() - started > WAIT_MS / 4) found = find('#timeline');
    if (found) {
      found.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      found.focus?.focus({ preventScroll: true });
      found.el.animate?.([{ boxShadow: '0 0 0 3px var(--accent, #2563eb)' }, { boxShadow: '0 0 0 3px transparent' }], {
        duration: 1800,
        easing: 'ease-out'
      });
      return;
    }
    if (performance.now() - started < WAIT_MS) frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}
