export interface PasswordHasher {
  /** PH1 returns an encoded hash that embeds its own parameters and salt. */
  hash(password: string): Promise<string>;
  /** PH2 true only for the password the hash was made from; false (never throws) for a malformed hash. */
  verify(hash: string, password: string): Promise<boolean>;
}
