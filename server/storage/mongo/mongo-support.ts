import { Binary, MongoServerError, MongoBulkWriteError } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';

/** True for MongoDB's duplicate key error (E11000), single or bulk. */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    return error.code === 11000 || [error.writeErrors].flat().some((e) => e.code === 11000);
  }
  return error instanceof MongoServerError && error.code === 11000;
}

/** Runs a write and turns a duplicate key error into DomainError('conflict'). */
export async function withConflict<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) throw new DomainError('conflict', `${what} already exists`);
    throw error;
  }
}

/** Stores exactly the viewed bytes (a Uint8Array may be a window into a larger buffer). */
export const toBinary = (bytes: Uint8Array): Binary =>
  new Binary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** Copies out of the driver's pooled buffer so callers own their bytes. */
export function fromBinary(binary: Binary): Uint8Array {
  const length = binary.length();
  const out = new Uint8Array(length);
  out.set(binary.buffer.subarray(0, length));
  return out;
}

/** Escapes a literal for use inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
