import { ApiError } from '$lib/api/api-error';
import type { AtRiskDossierDTO, ErrorCode, KnowledgeRiskDTO } from '$lib/contract';

/** What the knowledge-at-risk panel and page need of the network (tests pass a fake). */
export interface KnowledgeRiskPorts {
  summary(options: { team?: string }): Promise<KnowledgeRiskDTO[]>;
  dossiersOf(userId: string): Promise<AtRiskDossierDTO[]>;
}

/**
 * Knowledge at risk (issue #9): per person how many of their dossiers would lose knowledge if they left today,
 * and, for the person picked, the one-click list of those dossiers with the reasons to fix. Used by the desk
 * panel (the caller's own row) and by the managers' page (a row per person).
 */
export class KnowledgeRiskState {
  #rows = $state.raw<KnowledgeRiskDTO[]>([]);
  #loaded = $state(false);
  #loading = $state(false);
  #error = $state<ErrorCode | null>(null);
  #selectedId = $state<string | null>(null);
  #dossiers = $state.raw<AtRiskDossierDTO[]>([]);
  #dossiersLoading = $state(false);
  #dossiersError = $state<ErrorCode | null>(null);
  #team: string | undefined;
  readonly #ports: KnowledgeRiskPorts;
  /** Answers to an older pick are dropped (a manager clicking through people quickly). */
  #pick = 0;

  constructor(options: { ports: KnowledgeRiskPorts; team?: string }) {
    this.#ports = options.ports;
    this.#team = options.team;
  }

  get rows(): KnowledgeRiskDTO[] {
    return this.#rows;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get team(): string | undefined {
    return this.#team;
  }
  /** The widest bar: the most dossiers anyone in the list owns (bars are drawn relative to it). */
  get maxCount(): number {
    return Math.max(1, ...this.#rows.map((r) => r.dossierCount));
  }
  get totalAtRisk(): number {
    return this.#rows.reduce((n, r) => n + r.atRisk, 0);
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  get selected(): KnowledgeRiskDTO | null {
    return this.#rows.find((r) => r.userId === this.#selectedId) ?? null;
  }
  get dossiers(): AtRiskDossierDTO[] {
    return this.#dossiers;
  }
  get dossiersLoading(): boolean {
    return this.#dossiersLoading;
  }
  get dossiersError(): ErrorCode | null {
    return this.#dossiersError;
  }

  setTeam(team: string | undefined): void {
    if (team === this.#team) return;
    this.#team = team;
    this.#selectedId = null;
    this.#dossiers = [];
    void this.load();
  }

  async load(): Promise<void> {
    this.#loading = true;
    this.#error = null;
    try {
      this.#rows = await this.#ports.summary({ team: this.#team });
      this.#loaded = true;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loading = false;
    }
  }

  /** Picks a person and loads their dossiers at risk; picking them again closes the list. */
  async select(userId: string | null): Promise<void> {
    const pick = ++this.#pick;
    if (userId === null || userId === this.#selectedId) {
      this.#selectedId = null;
      this.#dossiers = [];
      return;
    }
    this.#selectedId = userId;
    this.#dossiers = [];
    this.#dossiersLoading = true;
    this.#dossiersError = null;
    try {
      const list = await this.#ports.dossiersOf(userId);
      if (pick === this.#pick) this.#dossiers = list;
    } catch (err) {
      if (pick === this.#pick) this.#dossiersError = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (pick === this.#pick) this.#dossiersLoading = false;
    }
  }
}
