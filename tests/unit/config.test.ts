import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';

describe('config', () => {
  it('has working defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', mongodb: null, redisUrl: null, seedDemo: true });
  });

  it('names every bad variable in one error', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', SESSION_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('MONGODB_URI');
      expect(message).toContain('SESSION_SECRET');
    }
  });

  it('selects MongoDB when MONGODB_URI is set', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:27017', MONGODB_DB: 'x' }).mongodb).toEqual({
      uri: 'mongodb://127.0.0.1:27017',
      dbName: 'x'
    });
  });
});
