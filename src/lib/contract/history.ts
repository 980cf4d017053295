import type { FieldKey } from '../dossier-doc/doc-schema';

export interface VersionDTO {
  id: string;
  createdAt: string;
  kind: 'created' | 'edit' | 'restore';
  /** Who changed the dossier since the previous version. */
  authors: Array<{ id: string; name: string }>;
  restoredFrom: string | null;
}

/** One run of a text diff (jsdiff's change objects). */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface ContactSnapshotDTO {
  id: string;
  name: string;
  role: string;
  phone: string;
  email: string;
  primary: boolean;
}

/** GET /api/dossiers/:id/versions/:versionId/diff?against=<versionId|current>: what changed from the version to `against`. */
export interface VersionDiffDTO {
  from: string;
  to: string;
  fields: Array<{ key: FieldKey; before: string; after: string; parts: DiffPart[] }>;
  contacts: {
    added: ContactSnapshotDTO[];
    removed: ContactSnapshotDTO[];
    changed: Array<{ id: string; name: string; changes: Array<{ key: string; before: string; after: string }> }>;
  };
  /** Line diff of the notes as plain text; null when unchanged. */
  notes: { parts: DiffPart[] } | null;
}
