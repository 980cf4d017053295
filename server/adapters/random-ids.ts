import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../ports/id-generator';

/** 128-bit random ids, base64url: unguessable, so ids in URLs leak nothing about volume or order. */
export const randomIds: IdGenerator = { next: () => randomBytes(16).toString('base64url') };
