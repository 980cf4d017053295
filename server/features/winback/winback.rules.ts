import { WINBACK_STEP_COUNT, WINBACK_STEPS, type Stage } from '../../../src/lib/contract';
import type { WinbackProcess, WinbackStepRecord } from './winback-store';

/*
 * The win-back process (issue #11). Pure.
 *
 * WB-R1 A win-back starts only on a `dormant` dossier without an open win-back; it moves the dossier to
 *       `winback` (lifecycle L4 `winback_started`) and waits for step 1.
 * WB-R2 Steps complete in order: only the step the process waits for (`nextStep`) can be completed, and only
 *       while it is open; anything else is a conflict (409). Each completed step keeps when, who, the note and
 *       the interaction that completed it.
 * WB-R3 Completing step 6 ends the process as `won`: the dossier returns to `customer` (customer development).
 * WB-R4 Failing (POST …/fail, or a step completed with outcome `failed`) ends an open process as `failed` with a
 *       reason; the dossier moves to `lost` with that reason.
 * WB-R5 After each step but the last, the next step becomes a task for the assignee, due WINBACK_STEP_DUE_DAYS
 *       later; the previous step's task is closed with the note as its outcome.
 */

export const WINBACK_STEP_DUE_DAYS = 7;

/** English step titles for the follow-up task (the UI words steps in the reader's language from the key). */
export const WINBACK_STEP_TITLES: Record<(typeof WINBACK_STEPS)[number], string> = {
  analyse: 'Analyse the former relationship and today’s structure',
  first_contact: 'First contact',
  conversation: 'In-depth conversation about resuming',
  offer: 'Current prices / offer',
  trial_order: 'First trial order',
  restored: 'Relationship back at its former level'
};

export function taskTitleFor(step: number, company: string): string {
  const key = WINBACK_STEPS[step - 1];
  return `Win-back ${step}/${WINBACK_STEP_COUNT}: ${WINBACK_STEP_TITLES[key]} — ${company}`;
}

/** WB-R1: why a win-back cannot start, or null. */
export function startProblem(options: { stage: Stage; hasOpen: boolean }): string | null {
  if (options.hasOpen) return 'a win-back is already running on this dossier';
  if (options.stage !== 'dormant') return `a win-back starts on a dormant dossier (this one is ${options.stage})`;
  return null;
}

export type StepTransition =
  { ok: true; process: WinbackProcess; ended: 'won' | 'failed' | null } | { ok: false; problem: string };

/** WB-R2–WB-R4: the process after completing step `n`. */
export function completeStep(options: {
  process: WinbackProcess;
  n: number;
  record: WinbackStepRecord;
  outcome: 'done' | 'failed';
}): StepTransition {
  const { process, n, record, outcome } = options;
  if (process.status !== 'open') return { ok: false, problem: `this win-back has ended (${process.status})` };
  if (n !== process.nextStep) {
    return { ok: false, problem: `step ${process.nextStep} comes next, not step ${n}` };
  }
  const steps = [...process.steps, record];
  if (outcome === 'failed') {
    return {
      ok: true,
      ended: 'failed',
      process: { ...process, steps, status: 'failed', endedAt: record.at, endReason: record.note, nextStep: n }
    };
  }
  if (n === WINBACK_STEP_COUNT) {
    return {
      ok: true,
      ended: 'won',
      process: { ...process, steps, status: 'won', endedAt: record.at, endReason: null, nextStep: n + 1 }
    };
  }
  return { ok: true, ended: null, process: { ...process, steps, nextStep: n + 1 } };
}

/** WB-R4 */
export function failProcess(options: { process: WinbackProcess; at: number; reason: string }): StepTransition {
  const { process, at, reason } = options;
  if (process.status !== 'open') return { ok: false, problem: `this win-back has ended (${process.status})` };
  return { ok: true, ended: 'failed', process: { ...process, status: 'failed', endedAt: at, endReason: reason } };
}
