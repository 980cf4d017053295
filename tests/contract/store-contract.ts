import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../server/storage/store';
import { activityStoreContract } from './activity-store.contract';
import { documentStoreContract } from './document-store.contract';
import { dossierHeldByContract, dossierLifecycleContract, dossierOwnerContract } from './dossier-lifecycle.contract';
import { dossierStoreContract } from './dossier-store.contract';
import { jobRunStoreContract } from './job-run-store.contract';
import { sessionStoreContract } from './session-store.contract';
import { userStoreContract } from './user-store.contract';
import { versionStoreContract } from './version-store.contract';
import { interactionStoreContract } from './interaction-store.contract';
import { taskStoreContract } from './task-store.contract';
import { intakeStoreContract } from './intake-store.contract';
import { absenceStoreContract } from './absence-store.contract';
import { handoffStoreContract } from './handoff-store.contract';
import { coverageGapStoreContract } from './coverage-gap-store.contract';
import { dossierPatchManyContract, importStoreContract, segmentStoreContract } from './segment-store.contract';
import { customerValueStoreContract, winbackStageMoveContract, winbackStoreContract } from './winback-store.contract';

/** Gives each contract test a fresh, empty store. */
export type StoreContext = () => Store;

/**
 * Registers the contract suite of every storage port against one adapter. `makeStore` must return a fresh,
 * empty store on each call; it is closed after each test. `teardown` runs once at the end (drop databases,
 * remove temp files).
 */
export function runStoreContract(label: string, makeStore: () => Promise<Store>, teardown?: () => Promise<void>): void {
  describe(`store contract: ${label}`, () => {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    if (teardown) afterAll(teardown);

    const current: StoreContext = () => {
      if (!store) throw new Error('store not created');
      return store;
    };
    describe('UserStore', () => userStoreContract(current));
    describe('SessionStore', () => sessionStoreContract(current));
    describe('DossierStore', () => dossierStoreContract(current));
    describe('DossierStore lifecycle', () => dossierLifecycleContract(current));
    describe('DossierStore owner', () => dossierOwnerContract(current));
    describe('DossierStore held by', () => dossierHeldByContract(current));
    describe('DocumentStore', () => documentStoreContract(current));
    describe('ActivityStore', () => activityStoreContract(current));
    describe('VersionStore', () => versionStoreContract(current));
    describe('JobRunStore', () => jobRunStoreContract(current));
    describe('InteractionStore', () => interactionStoreContract(current));
    describe('TaskStore', () => taskStoreContract(current));
    describe('IntakeStore', () => intakeStoreContract(current));
    describe('AbsenceStore', () => absenceStoreContract(current));
    describe('HandoffStore', () => handoffStoreContract(current));
    describe('CoverageGapStore', () => coverageGapStoreContract(current));
    describe('DossierStore patchMany', () => dossierPatchManyContract(current));
    describe('SegmentStore', () => segmentStoreContract(current));
    describe('ImportStore', () => importStoreContract(current));
    describe('WinbackStore', () => winbackStoreContract(current));
    describe('WinbackStore stage moves', () => winbackStageMoveContract(current));
    describe('CustomerValueStore', () => customerValueStoreContract(current));
  });
}
