import { ApiError } from '$lib/api/api-error';
import type { KpiRequest } from '$lib/api/kpi-api';
import type { ErrorCode, KpiGrouping, KpiReportDTO } from '$lib/contract';
import { presetRange, todayIn, type KpiPreset } from './kpi-periods';

/** What the KPI page needs of the network (tests pass a fake). */
export interface KpiPorts {
  load(query: KpiRequest, signal: AbortSignal): Promise<KpiReportDTO>;
  now(): number;
}

const DEFAULT_ZONE = 'Europe/Berlin';

/**
 * The KPI page (issue #10): team, period (a preset or custom dates, in the team's zone) and grouping; loads the
 * report for them. A newer choice aborts the older request, so a quick click-through never shows stale figures.
 */
export class KpiState {
  #team = $state<string | undefined>(undefined);
  #preset = $state<KpiPreset>('thisMonth');
  #from = $state('');
  #to = $state('');
  #groupBy = $state<KpiGrouping>('team');
  #report = $state.raw<KpiReportDTO | null>(null);
  #loading = $state(false);
  #error = $state<{ code: ErrorCode; message: string } | null>(null);
  #timeZone = DEFAULT_ZONE;
  #inFlight: AbortController | null = null;
  readonly #ports: KpiPorts;

  constructor(options: { ports: KpiPorts; team?: string }) {
    this.#ports = options.ports;
    this.#team = options.team;
    this.#applyPreset('thisMonth');
  }

  get team(): string | undefined {
    return this.#team;
  }
  get preset(): KpiPreset {
    return this.#preset;
  }
  get from(): string {
    return this.#from;
  }
  get to(): string {
    return this.#to;
  }
  get groupBy(): KpiGrouping {
    return this.#groupBy;
  }
  get report(): KpiReportDTO | null {
    return this.#report;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): { code: ErrorCode; message: string } | null {
    return this.#error;
  }
  /** The query of the figures on screen (CSV links use it, so a download is what is shown). */
  get query(): KpiRequest {
    return { team: this.#team, from: this.#from, to: this.#to, groupBy: this.#groupBy };
  }

  setTeam(team: string | undefined): Promise<void> {
    this.#team = team;
    return this.load();
  }
  setGroupBy(groupBy: KpiGrouping): Promise<void> {
    this.#groupBy = groupBy;
    return this.load();
  }
  setPreset(preset: KpiPreset): Promise<void> {
    this.#applyPreset(preset);
    return preset === 'custom' ? Promise.resolve() : this.load();
  }
  /** Custom dates; ignored until both are valid and in order. */
  setRange(from: string, to: string): Promise<void> {
    this.#preset = 'custom';
    this.#from = from;
    this.#to = to;
    return from && to && from <= to ? this.load() : Promise.resolve();
  }

  #applyPreset(preset: KpiPreset): void {
    this.#preset = preset;
    const range = presetRange(preset, todayIn(this.#timeZone, this.#ports.now()));
    if (range) {
      this.#from = range.from;
      this.#to = range.to;
    }
  }

  async load(): Promise<void> {
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.#loading = true;
    try {
      const report = await this.#ports.load(this.query, controller.signal);
      if (controller.signal.aborted) return;
      this.#report = report;
      this.#error = null;
      // Presets are dates in the team's zone: once it is known, a preset is recomputed there.
      if (report.team.timeZone !== this.#timeZone) {
        this.#timeZone = report.team.timeZone;
        if (this.#preset !== 'custom') {
          const before = `${this.#from}|${this.#to}`;
          this.#applyPreset(this.#preset);
          if (`${this.#from}|${this.#to}` !== before) return this.load();
        }
      }
      this.#team ??= report.team.id;
    } catch (err) {
      if (controller.signal.aborted) return;
      this.#error =
        err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'internal', message: String(err) };
    } finally {
      if (this.#inFlight === controller) {
        this.#loading = false;
        this.#inFlight = null;
      }
    }
  }
}
