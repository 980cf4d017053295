import { MAX_TAGS, MAX_TAG_LENGTH, type TagCountDTO } from '$lib/contract';

export interface TagEditorPorts {
  suggest(prefix: string): Promise<TagCountDTO[]>;
  /** Stores the dossier's tags; resolves with the tags as the server keeps them. */
  save(tags: string[]): Promise<string[]>;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Suggestions wait for a pause in typing: one request per pause, not per key. */
const SUGGEST_DELAY_MS = 150;

/**
 * The tag chips of one dossier (issue #11): type, Enter adds (the highlighted suggestion, else the text),
 * Backspace on an empty input removes the last chip, arrows move through suggestions. Every change is saved at
 * once; a failed save restores the tags the server has.
 */
export class TagEditorState {
  #ports: TagEditorPorts;
  #tags = $state<string[]>([]);
  #draft = $state('');
  #suggestions = $state<TagCountDTO[]>([]);
  #highlighted = $state(-1);
  #saving = $state(false);
  #error = $state(false);
  #timer: unknown = null;
  #asked = 0;

  constructor(options: { tags: string[]; ports: TagEditorPorts }) {
    this.#ports = options.ports;
    this.#tags = [...options.tags];
  }

  get tags() {
    return this.#tags;
  }
  get draft() {
    return this.#draft;
  }
  get suggestions() {
    return this.#suggestions;
  }
  get highlighted() {
    return this.#highlighted;
  }
  get saving() {
    return this.#saving;
  }
  get error() {
    return this.#error;
  }

  /** The server's tags changed (a colleague, a rename): shown unless a save of ours is under way. */
  sync(tags: string[]): void {
    if (!this.#saving) this.#tags = [...tags];
  }

  type(text: string): void {
    this.#draft = text.slice(0, MAX_TAG_LENGTH);
    this.#highlighted = -1;
    if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
    const prefix = this.#draft.trim();
    this.#timer = this.#ports.setTimeout(() => void this.#suggest(prefix), SUGGEST_DELAY_MS);
  }

  async #suggest(prefix: string): Promise<void> {
    const asked = ++this.#asked;
    try {
      const found = await this.#ports.suggest(prefix);
      if (asked !== this.#asked) return; // a later keystroke asked again
      const have = new Set(this.#tags.map((t) => t.toLowerCase()));
      this.#suggestions = found.filter((s) => !have.has(s.tag.toLowerCase())).slice(0, 8);
    } catch {
      this.#suggestions = [];
    }
  }

  move(delta: 1 | -1): void {
    const n = this.#suggestions.length;
    if (n === 0) return;
    this.#highlighted = (this.#highlighted + delta + n + 1) % (n + 1);
    if (this.#highlighted === n) this.#highlighted = -1;
  }

  /** Enter: the highlighted suggestion, else the typed text. */
  async commitDraft(): Promise<void> {
    const picked = this.#highlighted >= 0 ? this.#suggestions[this.#highlighted]?.tag : this.#draft.trim();
    if (picked) await this.add(picked);
  }

  async add(tag: string): Promise<void> {
    const clean = tag.trim().slice(0, MAX_TAG_LENGTH);
    this.#draft = '';
    this.#suggestions = [];
    this.#highlighted = -1;
    if (!clean || this.#tags.some((t) => t.toLowerCase() === clean.toLowerCase())) return;
    if (this.#tags.length >= MAX_TAGS) return;
    await this.#save([...this.#tags, clean]);
  }

  /** Backspace in an empty input. */
  async removeLast(): Promise<void> {
    if (this.#draft === '' && this.#tags.length > 0) await this.#save(this.#tags.slice(0, -1));
  }

  async remove(tag: string): Promise<void> {
    await this.#save(this.#tags.filter((t) => t !== tag));
  }

  async #save(next: string[]): Promise<void> {
    const before = this.#tags;
    this.#tags = next;
    this.#saving = true;
    this.#error = false;
    try {
      this.#tags = await this.#ports.save(next);
    } catch {
      this.#tags = before;
      this.#error = true;
    } finally {
      this.#saving = false;
    }
  }

  destroy(): void {
    if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
    this.#asked++;
  }
}
