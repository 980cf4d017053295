export { ApiError, isNetworkError } from './api-error';
export { notifyUnauthenticated, onUnauthenticated, type Fetch } from './request';
export { createSession, getSession, deleteSession, probeSession } from './session-api';
export { listDossiers, createDossier, getDossier, type ListDossiersParams } from './dossier-api';
export { listUsers } from './user-api';
export { listVersions, getVersionDiff, restoreVersion } from './history-api';
