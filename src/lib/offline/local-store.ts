/**
 * JSON in localStorage that never throws: storage can be full, blocked (privacy modes) or hold a value an
 * older build wrote. Offline support is a best effort on top of the online app, so a failure here must
 * degrade to "nothing cached", never break the page.
 */
export function readJson<T>(key: string, accept: (value: unknown) => value is T): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return accept(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // quota or blocked storage: this device simply will not have the value offline
  }
}

export function removeKey(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // blocked storage holds nothing to remove
  }
}

/** Every key starting with `prefix`; read first, removed after, because removing shifts the indices. */
export function removeKeysWithPrefix(prefix: string): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // see removeKey
  }
}
