/** Ids are injected so tests can be deterministic. */
export interface IdGenerator {
  /** A new unique, URL-safe id. */
  next(): string;
}
