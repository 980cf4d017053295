import * as Y from 'yjs';
import {
  projectKnowledge,
  writeDossierContent,
  type ContactSeed,
  type DocKnowledgeProjection,
  type FieldKey
} from '../../../src/lib/dossier-doc';
import type { DocumentStore } from '../../ports/document-store';
import type { DocVersion, VersionStore } from './version-store';

/**
 * A new dossier's first document state and its "created" version, not written: for callers that store them
 * with other records in one transaction (lead intake, IntakeStore IL3).
 */
export function draftInitialDocument(options: {
  dossierId: string;
  versionId: string;
  createdAt: number;
  createdBy: string;
  content: { fields: Partial<Record<FieldKey, string>>; contacts?: ContactSeed[] };
}): { document: Uint8Array; version: DocVersion; knowledge: DocKnowledgeProjection } {
  const doc = new Y.Doc();
  writeDossierContent(doc, options.content);
  const document = Y.encodeStateAsUpdate(doc);
  const knowledge = projectKnowledge(doc);
  doc.destroy();
  return {
    document,
    knowledge,
    version: {
      id: options.versionId,
      docId: options.dossierId,
      createdAt: options.createdAt,
      kind: 'created',
      authorIds: [options.createdBy],
      restoredFrom: null,
      snapshot: document,
      baseId: null
    }
  };
}

/**
 * Writes a new dossier's first document state and its "created" version. Call it before the dossier row is
 * stored: a listed dossier must always open with its content and its history. It records no event: the
 * dossier's row, stored next, carries dossier.created. Returns the document's knowledge projection (issue #9), for
 * the row.
 */
export async function storeInitialDocument(options: {
  store: { documents: DocumentStore; versions: VersionStore };
  dossierId: string;
  versionId: string;
  createdAt: number;
  createdBy: string;
  content: { fields: Partial<Record<FieldKey, string>>; contacts?: ContactSeed[] };
}): Promise<DocKnowledgeProjection> {
  const { document, version, knowledge } = draftInitialDocument(options);
  await options.store.documents.append(options.dossierId, [document]);
  await options.store.versions.add(version, []);
  return knowledge;
}
