import { ApiError, getVersionDiff, listVersions, restoreVersion } from '$lib/api';
import type { DossierVersionPush, ErrorCode, VersionDiffDTO, VersionDTO } from '$lib/contract';
import { feedOf, getSocket } from '$lib/realtime';

export type DiffBase = 'current' | 'previous';

/** The history panel of one dossier: versions (newest first), the selected one's diff, restore. */
export class HistoryState {
  versions = $state.raw<VersionDTO[]>([]);
  loading = $state(false);
  loadError = $state<ErrorCode | null>(null);
  selectedId = $state<string | null>(null);
  against = $state<DiffBase>('current');
  diff = $state.raw<VersionDiffDTO | null>(null);
  diffLoading = $state(false);
  diffError = $state(false);
  restoring = $state(false);
  restoreError = $state<ErrorCode | null>(null);
  /** Id of the version just restored from, for a short confirmation. */
  restoredFrom = $state<string | null>(null);

  selected = $derived(this.versions.find((v) => v.id === this.selectedId) ?? null);
  /** The version before the selected one, or null for the first. */
  previous = $derived.by(() => {
    const index = this.versions.findIndex((v) => v.id === this.selectedId);
    return index >= 0 ? (this.versions[index + 1] ?? null) : null;
  });

  private readonly dossierId: string;
  // Each diff request gets a number; a slower answer to an older selection must not overwrite a newer one.
  private diffSeq = 0;
  private listSeq = 0;

  constructor(options: { dossierId: string }) {
    this.dossierId = options.dossierId;
  }

  /**
   * Follows new versions live: each recorded version is pushed (dossier:version, seq-ordered, resumed after
   * a reconnect), so the panel never polls; only a feed reset refetches the list. Returns the stop function.
   */
  start(): () => void {
    const feed = feedOf(getSocket());
    const stopVersion = feed.on('dossier:version', (push) => this.applyVersion(push));
    const stopReset = feed.onReset(() => void this.load());
    return () => {
      stopVersion();
      stopReset();
    };
  }

  /** A pushed version of this dossier: listed first (once); an open "against now" diff is fetched again. */
  applyVersion(push: DossierVersionPush): void {
    if (push.dossierId !== this.dossierId || this.versions.some((v) => v.id === push.version.id)) return;
    this.versions = [push.version, ...this.versions];
    if (this.selectedId && this.against === 'current') void this.loadDiff();
  }

  async load(): Promise<void> {
    const seq = ++this.listSeq;
    this.loading = true;
    try {
      const loaded = await listVersions({ dossierId: this.dossierId });
      if (seq !== this.listSeq) return;
      // Versions pushed while the request was in flight may be newer than its answer: keep them on top.
      const newest = loaded[0]?.createdAt ?? '';
      const versions = [
        ...this.versions.filter((v) => v.createdAt > newest && !loaded.some((l) => l.id === v.id)),
        ...loaded
      ];
      const changed = versions[0]?.id !== this.versions[0]?.id || versions.length !== this.versions.length;
      this.versions = versions;
      this.loadError = null;
      if (this.selectedId && !versions.some((v) => v.id === this.selectedId)) this.select(null);
      // "Now" moved on since the diff was fetched (new versions mean new edits): fetch it again.
      else if (this.selectedId && changed) void this.loadDiff();
    } catch (err) {
      if (seq === this.listSeq) this.loadError = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (seq === this.listSeq) this.loading = false;
    }
  }

  select(versionId: string | null): void {
    if (versionId === this.selectedId) return;
    this.selectedId = versionId;
    this.restoreError = null;
    this.restoredFrom = null;
    void this.loadDiff();
  }

  setAgainst(base: DiffBase): void {
    if (base === this.against) return;
    this.against = base;
    void this.loadDiff();
  }

  /** Restores the selected version; the live document updates through Yjs, the list is reloaded here. */
  async restore(): Promise<boolean> {
    const version = this.selected;
    if (!version || this.restoring) return false;
    this.restoring = true;
    this.restoreError = null;
    try {
      await restoreVersion({ dossierId: this.dossierId, versionId: version.id });
      this.restoredFrom = version.id;
      await this.load();
      return true;
    } catch (err) {
      this.restoreError = err instanceof ApiError ? err.code : 'internal';
      return false;
    } finally {
      this.restoring = false;
    }
  }

  private async loadDiff(): Promise<void> {
    const seq = ++this.diffSeq;
    const version = this.selected;
    const against = this.against === 'current' ? 'current' : this.previous?.id;
    this.diffError = false;
    if (!version || !against) {
      this.diff = null;
      this.diffLoading = false;
      return;
    }
    this.diffLoading = true;
    try {
      // "Previous" reads as "what this version changed", so the older version is the base.
      const diff =
        this.against === 'current'
          ? await getVersionDiff({ dossierId: this.dossierId, versionId: version.id, against })
          : await getVersionDiff({ dossierId: this.dossierId, versionId: against, against: version.id });
      if (seq === this.diffSeq) this.diff = diff;
    } catch {
      if (seq === this.diffSeq) {
        this.diff = null;
        this.diffError = true;
      }
    } finally {
      if (seq === this.diffSeq) this.diffLoading = false;
    }
  }
}
