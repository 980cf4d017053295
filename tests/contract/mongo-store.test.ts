import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { createMongoStore } from '../../server/storage/mongo/create-mongo-store';
import { runStoreContract } from './store-contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  // One database per store so contract tests never see each other's data; all dropped at the end.
  const prefix = `staffel_contract_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  runStoreContract(
    'mongodb',
    async () => {
      const dbName = `${prefix}_${created.length}`;
      created.push(dbName);
      return createMongoStore({ uri, dbName });
    },
    async () => {
      const client = new MongoClient(uri);
      try {
        await client.connect();
        for (const name of created) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    }
  );
} else {
  console.log('mongodb contract suite skipped: MONGODB_URI not set');
}

const standaloneUri = process.env.MONGODB_STANDALONE_URI;
if (standaloneUri) {
  describe('mongodb on a standalone server', () => {
    it('refuses to start, saying a replica set is needed (change and event share a transaction)', async () => {
      await expect(createMongoStore({ uri: standaloneUri, dbName: 'staffel_standalone_check' })).rejects.toThrow(
        /replica set/
      );
    });
  });
} else {
  console.log('mongodb standalone refusal skipped: MONGODB_STANDALONE_URI not set');
}

describe('mongodb store module', () => {
  it('exports createMongoStore as an async factory', () => {
    expect(typeof createMongoStore).toBe('function');
    expect(createMongoStore.length).toBe(1);
  });
});
