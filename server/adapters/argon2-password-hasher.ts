import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../ports/password-hasher';

/**
 * Argon2id with the OWASP 2024 minimum (19 MiB, t=2, p=1). Parameters are encoded in each hash, so
 * raising them later only affects new hashes.
 */
// algorithm is left at the library default, Argon2id (its enum is a const enum, unusable here).
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function createArgon2PasswordHasher(): PasswordHasher {
  return {
    hash: (password) => hash(password, ARGON2_PARAMS),
    async verify(encoded, password) {
      try {
        return await verify(encoded, password);
      } catch {
        return false;
      }
    }
  };
}
