import {
  WINBACK_STEP_COUNT,
  WINBACK_STEPS,
  type CompleteWinbackStepInput,
  type DossierWinbacksDTO,
  type StartWinbackInput,
  type TaskDTO,
  type WinbackBoardDTO,
  type WinbackDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { visibleTeams } from '../../kernel/permissions';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { EventOutbox } from '../feed';
import type { FollowupService } from '../followups';
import type { UserService } from '../identity';
import type { WinbackProcess, WinbackStore } from './winback-store';
import {
  completeStep,
  failProcess,
  startProblem,
  taskTitleFor,
  WINBACK_STEP_DUE_DAYS,
  WINBACK_STEP_TITLES,
  type StepTransition
} from './winback.rules';

export interface WinbackService {
  /** WB-R1: POST /api/dossiers/:id/winback (edit access). */
  start(actor: User, dossierId: string, input: StartWinbackInput): Promise<WinbackDTO>;
  /** WB-R2–R5: POST /api/dossiers/:id/winback/steps/:n (edit access). */
  completeStep(actor: User, dossierId: string, n: number, input: CompleteWinbackStepInput): Promise<WinbackDTO>;
  /** WB-R4: POST /api/dossiers/:id/winback/fail (edit access). */
  fail(actor: User, dossierId: string, reason: string): Promise<WinbackDTO>;
  /** GET /api/dossiers/:id/winback (read access). */
  forDossier(actor: User, dossierId: string): Promise<DossierWinbacksDTO>;
  /** GET /api/winbacks: open ones of the visible teams by the step they wait for. */
  board(actor: User): Promise<WinbackBoardDTO>;
  /** The hand-off briefing's line (issue #9 × #11): "3/6 In-depth conversation about resuming", or null. */
  openStepOf(dossierId: string): Promise<string | null>;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function createWinbackService(deps: {
  winbacks: WinbackStore;
  dossiers: Pick<DossierService, 'authorize' | 'findMany' | 'draftLifecycleEvent'>;
  people: Pick<UserService, 'namesOf' | 'get'>;
  followups: Pick<FollowupService, 'create' | 'complete'>;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
  onError(error: unknown): void;
}): WinbackService {
  const { winbacks, events, clock } = deps;

  async function toDTOs(processes: WinbackProcess[], companies?: Map<string, string>): Promise<WinbackDTO[]> {
    const userIds = new Set<string>();
    for (const p of processes) {
      userIds.add(p.assigneeId);
      userIds.add(p.startedById);
      for (const s of p.steps) userIds.add(s.byId);
    }
    const names = await deps.people.namesOf([...userIds]);
    const company =
      companies ??
      new Map(
        (await deps.dossiers.findMany([...new Set(processes.map((p) => p.dossierId))])).map((d) => [d.id, d.company])
      );
    return processes.map((p) => ({
      id: p.id,
      dossierId: p.dossierId,
      company: company.get(p.dossierId) ?? '',
      teamId: p.teamId,
      assigneeId: p.assigneeId,
      assigneeName: names.get(p.assigneeId) ?? '',
      startedById: p.startedById,
      startedAt: new Date(p.startedAt).toISOString(),
      status: p.status,
      nextStep: p.status === 'open' ? p.nextStep : null,
      nextTaskId: p.status === 'open' ? p.nextTaskId : null,
      steps: WINBACK_STEPS.map((key, i) => {
        const done = p.steps.find((s) => s.n === i + 1);
        return {
          n: i + 1,
          key,
          completedAt: done ? iso(done.at) : null,
          byId: done?.byId ?? null,
          byName: done ? (names.get(done.byId) ?? '') : null,
          note: done?.note ?? null,
          interactionId: done?.interactionId ?? null
        };
      }),
      endedAt: iso(p.endedAt),
      endReason: p.endReason
    }));
  }
  const toDTO = async (p: WinbackProcess, dossier: Dossier) =>
    (await toDTOs([p], new Map([[dossier.id, dossier.company]])))[0];

  async function editable(actor: User, dossierId: string): Promise<Dossier> {
    const { dossier, access } = await deps.dossiers.authorize(actor, dossierId);
    if (access !== 'edit') throw new DomainError('forbidden', 'read-only access to this dossier');
    return dossier;
  }

  /** WB-R5: the task of the step the process now waits for; best effort (the process is the record). */
  async function taskForNextStep(actor: User, process: WinbackProcess, dossier: Dossier): Promise<WinbackProcess> {
    if (process.status !== 'open' || process.nextStep > WINBACK_STEP_COUNT) return process;
    let task: TaskDTO;
    try {
      task = await deps.followups.create(actor, {
        dossierId: dossier.id,
        kind: 'task',
        title: taskTitleFor(process.nextStep, dossier.company),
        dueAt: new Date(clock.now() + WINBACK_STEP_DUE_DAYS * 86_400_000).toISOString(),
        assigneeId: process.assigneeId
      });
    } catch (error) {
      deps.onError(error);
      return process;
    }
    return (await winbacks.save({ ...process, nextTaskId: task.id }, process.revision, [])) ?? process;
  }

  /** Closes the task of a step that was just completed (or the process that ended); a done task stays done. */
  async function closeTask(actor: User, taskId: string | null, outcome: string): Promise<void> {
    if (!taskId) return;
    try {
      await deps.followups.complete(actor, taskId, { outcome: outcome.slice(0, 4000) });
    } catch (error) {
      if (!(error instanceof DomainError)) deps.onError(error);
    }
  }

  /**
   * Stores a transition with its events and, when the process ended, the dossier's move (WB-R3, WB-R4), in one
   * transaction (WinbackStore WS6): an end is never stored without its move, nor the move without the end.
   */
  async function apply(
    actor: User,
    dossier: Dossier,
    before: WinbackProcess,
    transition: StepTransition,
    step: number | null
  ): Promise<WinbackDTO> {
    if (!transition.ok) throw new DomainError('conflict', transition.problem);
    const next = { ...transition.process, nextTaskId: null };
    const dto = await toDTO({ ...next, revision: before.revision + 1 }, dossier);
    const written = [
      ...(step !== null
        ? [
            events.event('winback.step_completed', {
              actorId: actor.id,
              teamId: dossier.teamId,
              dossierId: dossier.id,
              data: { winback: dto, step }
            })
          ]
        : []),
      ...(transition.ended
        ? [
            events.event('winback.ended', {
              actorId: actor.id,
              teamId: dossier.teamId,
              dossierId: dossier.id,
              data: { winback: dto, status: transition.ended, reason: next.endReason }
            })
          ]
        : [])
    ];
    // Null when the end moves nothing (a colleague moved the dossier out of winback meanwhile: their move wins).
    const move = transition.ended
      ? await deps.dossiers.draftLifecycleEvent({
          dossierId: dossier.id,
          event: { type: transition.ended === 'won' ? 'winback_won' : 'winback_failed' },
          reason: transition.ended === 'won' ? 'Win-back succeeded' : `Win-back failed: ${next.endReason ?? ''}`,
          byId: actor.id
        })
      : null;
    const saved = await winbacks.save(next, before.revision, [...written, ...(move?.events ?? [])], move?.move);
    if (!saved) throw new DomainError('conflict', 'the win-back changed meanwhile: reload it');
    events.committed();
    await closeTask(
      actor,
      before.nextTaskId,
      step !== null ? (saved.steps.at(-1)?.note ?? '') : (next.endReason ?? '')
    );
    if (transition.ended) return toDTO(saved, dossier);
    return toDTO(await taskForNextStep(actor, saved, dossier), dossier);
  }

  async function openOf(dossierId: string): Promise<WinbackProcess> {
    const process = await winbacks.openFor(dossierId);
    if (!process) throw new DomainError('conflict', 'no win-back is running on this dossier');
    return process;
  }

  return {
    async start(actor, dossierId, input) {
      const dossier = await editable(actor, dossierId);
      const open = await winbacks.openFor(dossierId);
      // Releases before WS6 started a win-back in two writes; one that stopped between them (crash) left an
      // unsaved process on a dormant dossier: starting again clears it instead of refusing.
      const resumable = open !== null && open.revision === 0 && dossier.stage === 'dormant';
      if (resumable) await winbacks.remove(open.id);
      const problem = startProblem({ stage: dossier.stage, hasOpen: open !== null && !resumable });
      if (problem) throw new DomainError('conflict', problem);
      const assigneeId = input.assigneeId ?? dossier.ownerId;
      const assignee = await deps.people.get(assigneeId);
      if (!assignee || !assignee.teamIds.includes(dossier.teamId) || assignee.deactivatedAt !== null) {
        throw new DomainError('invalid', 'the assignee must be an active member of the dossier’s team');
      }
      const process: WinbackProcess = {
        id: deps.ids.next(),
        dossierId,
        teamId: dossier.teamId,
        assigneeId,
        startedById: actor.id,
        startedAt: clock.now(),
        status: 'open',
        nextStep: 1,
        steps: [],
        nextTaskId: null,
        endedAt: null,
        endReason: null,
        revision: 0
      };
      // The process, the stage move and their events are one write (WinbackStore WS6): if a colleague moved
      // the dossier meanwhile, nothing is stored and the start rejects with 'conflict'.
      const move = await deps.dossiers.draftLifecycleEvent({
        dossierId,
        event: { type: 'winback_started' },
        reason: 'Win-back started',
        byId: actor.id
      });
      if (!move) throw new DomainError('conflict', 'the dossier is no longer dormant');
      const started = events.event('winback.started', {
        actorId: actor.id,
        teamId: dossier.teamId,
        dossierId,
        data: { winback: await toDTO(process, dossier) }
      });
      await winbacks.create(process, [...move.events, started], move.move);
      events.committed();
      return toDTO(await taskForNextStep(actor, process, dossier), dossier);
    },

    async completeStep(actor, dossierId, n, input) {
      const dossier = await editable(actor, dossierId);
      const process = await openOf(dossierId);
      const record = {
        n,
        at: clock.now(),
        byId: actor.id,
        note: input.note,
        interactionId: input.interactionId ?? null
      };
      return apply(actor, dossier, process, completeStep({ process, n, record, outcome: input.outcome }), n);
    },

    async fail(actor, dossierId, reason) {
      const dossier = await editable(actor, dossierId);
      const process = await openOf(dossierId);
      return apply(actor, dossier, process, failProcess({ process, at: clock.now(), reason }), null);
    },

    async forDossier(actor, dossierId) {
      const { dossier } = await deps.dossiers.authorize(actor, dossierId);
      const all = await toDTOs(await winbacks.listFor(dossierId), new Map([[dossier.id, dossier.company]]));
      const current = all.find((w) => w.status === 'open') ?? all[0] ?? null;
      return { current, past: all.filter((w) => w !== current) };
    },

    async openStepOf(dossierId) {
      const open = await winbacks.openFor(dossierId);
      if (!open || open.nextStep > WINBACK_STEP_COUNT) return null;
      return `${open.nextStep}/${WINBACK_STEP_COUNT} ${WINBACK_STEP_TITLES[WINBACK_STEPS[open.nextStep - 1]]}`;
    },

    async board(actor) {
      const open = await toDTOs(await winbacks.listOpen(visibleTeams(actor)));
      return {
        columns: WINBACK_STEPS.map((key, i) => ({
          step: i + 1,
          key,
          items: open.filter((w) => w.nextStep === i + 1)
        }))
      };
    }
  };
}
