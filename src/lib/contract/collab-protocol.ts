/**
 * Extensions of the y-websocket protocol spoken on /yjs/:dossierId. y-websocket uses message types 0–3;
 * ours start at 100 so they never collide with upstream additions.
 *
 * SAVED (server → client): `[varUint 100, varUint8Array stateVector]`, sent to a client after a batch that
 * contains its updates is durable. The state vector covers exactly what is on disk, so a client knows all
 * its edits are saved when `stateVector[own clientID] >= its own clock` (decode with Y.decodeStateVector).
 */
export const YJS_MESSAGE_SAVED = 100;
