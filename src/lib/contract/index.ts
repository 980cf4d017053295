export * from './errors';
export * from './session';
export * from './dossier';
export * from './doc-keys';
export * from './socket';
export * from './presence-color';
export * from './collab-protocol';
export * from './history';
