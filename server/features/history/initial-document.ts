import * as Y from 'yjs';
import {
  projectKnowledge,
  writeDossierContent,
  type ContactSeed,
  type DocKnowledgeProjection,
  type FieldKey
} from '../../../src/lib/dossier-doc';
import type { DocumentStore } from '../../ports/document-store';
import type { VersionStore } from './version-store';

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
  const doc = new Y.Doc();
  writeDossierContent(doc, options.content);
  const initial = Y.encodeStateAsUpdate(doc);
  const knowledge = projectKnowledge(doc);
  doc.destroy();
  await options.store.documents.append(options.dossierId, [initial]);
  await options.store.versions.add(
    {
      id: options.versionId,
      docId: options.dossierId,
      createdAt: options.createdAt,
      kind: 'created',
      authorIds: [options.createdBy],
      restoredFrom: null,
      snapshot: initial,
      baseId: null
    },
    []
  );
  return knowledge;
}
