import './zod-config';
import { z } from 'zod';

/**
 * The one id rule of the wire (REST params, socket payloads, Yjs paths): URL-safe, 1–64 characters. Ids are
 * made by the server (random base64url), so anything else is malformed input, answered with 400/4404.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const Id = z.string().regex(ID_PATTERN, 'malformed id');
export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
