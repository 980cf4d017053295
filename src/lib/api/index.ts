export { ApiError, isNetworkError } from './api-error';
export { onUnauthenticated, type Fetch } from './request';
export { createSession, getSession, deleteSession } from './session-api';
export { listDossiers, createDossier, getDossier, type ListDossiersParams } from './dossier-api';
export { listUsers } from './user-api';
export { listVersions, getVersionDiff, restoreVersion } from './history-api';
