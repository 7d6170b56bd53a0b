/**
 * Feed fixtures for the sync unit tests: builds feed folders from tiny records with the real
 * `kb build`/`kb diff` code, serves them with the real feed server on 127.0.0.1, and opens a
 * fresh fake IndexedDB with the bundled pack and one feed source added.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, beforeEach } from 'vitest';
import type { KeyObject } from 'node:crypto';
import { KbDatabase } from '../../../utils/background/db/kb-database';
import { replaceSourceEntities } from '../../../utils/background/kb-repository';
import { buildFeed } from '../../../utils/feed-tools/feed-build';
import { diffFeeds } from '../../../utils/feed-tools/feed-diff';
import { readManifest, sha256Hex, writeManifest } from '../../../utils/feed-tools/feed-files';
import { StateChecksum } from '../../../utils/sync/state-checksum';
import { startFeedServer, type FeedServer } from '../../../utils/feed-tools/feed-server';
import type { EntityRecord } from '../../../utils/shared/kb-schema';
import { addSource } from '../../../utils/sync/sync-service';
import { entity } from './entities';

export const SOURCE = 'test-feed';

/** `n` people, ids person-0…; `tag` changes their descriptions (a new version of each). */
export function people(n: number, tag = 'v1', from = 0): EntityRecord[] {
  return Array.from({ length: n }, (_, i) =>
    entity({ id: `person-${from + i}`, type: 'person', name: `Person Number${from + i}`, description: `Test person ${from + i} (${tag}).` }),
  );
}

export interface FeedFixture {
  root: string;
  /** Folder served at /feed/. */
  feedDir: string;
  server: FeedServer;
  manifestUrl: string;
  requests: { path: string; status: number; range?: string; ifNoneMatch?: string }[];
  /** Publishes `records` as the next version (snapshot + delta from the previous version). */
  publish(records: readonly EntityRecord[], options?: { version?: number; key?: KeyObject; delta?: boolean }): void;
  close(): Promise<void>;
}

export async function feedFixture(): Promise<FeedFixture> {
  const root = mkdtempSync(join(tmpdir(), 'newslens-feed-'));
  const feedDir = join(root, 'feed');
  const requests: FeedFixture['requests'] = [];
  const server = await startFeedServer({ root, onRequest: (r) => requests.push(r) });
  let published = 0;
  return {
    root,
    feedDir,
    server,
    manifestUrl: `${server.url}/feed/manifest.json`,
    requests,
    publish(records, options = {}) {
      const version = options.version ?? published + 1;
      if (published === 0 || options.delta === false) {
        rmSync(feedDir, { recursive: true, force: true }); // a fresh feed folder, snapshot only
        buildFeed(records, { outDir: feedDir, source: SOURCE, title: 'Test feed', version, key: options.key });
      } else {
        // Build the new version beside the old, then add the delta into the live folder.
        const next = join(root, `v${version}`);
        buildFeed(records, { outDir: next, source: SOURCE, title: 'Test feed', version, key: options.key });
        diffFeeds(feedDir, next, next, options.key);
        rmSync(feedDir, { recursive: true });
        cpSync(next, feedDir, { recursive: true });
      }
      published = version;
    },
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function openDb(): Promise<KbDatabase> {
  const db = new KbDatabase(`sync-${Math.random()}`);
  // The bundled pack, as background/default-pack.ts imports it.
  await replaceSourceEntities(
    db,
    { id: 'default', title: 'Bundled', kind: 'bundled', version: 'p1', rejected: 0, rejectedSamples: [], importedAt: '2026-11-29T00:00:00Z', enabled: true },
    [entity({ id: 'russia', type: 'country', name: 'Russia' })],
  );
  return db;
}

export async function closeDb(db: KbDatabase): Promise<void> {
  db.close();
  await Dexie.delete(db.name);
}

/**
 * For each test of the calling file (or describe block): a feed server and a fresh database,
 * handed to `use` before the test and closed after it. `let feed, db` stay the test's own names.
 */
export function withFeedAndDb(use: (feed: FeedFixture, db: KbDatabase) => void): void {
  let feed: FeedFixture | undefined;
  let db: KbDatabase | undefined;
  beforeEach(async () => {
    feed = await feedFixture();
    db = await openDb();
    use(feed, db);
  });
  afterEach(async () => {
    if (db) await closeDb(db);
    await feed?.close();
  });
}

export async function addFeed(db: KbDatabase, fixture: FeedFixture, publicKey?: string): Promise<void> {
  await addSource(db, { url: fixture.manifestUrl, publicKey });
}

/**
 * Makes records of the published snapshot malformed (an unknown entity type) and re-publishes
 * its hashes and result checksum, as a buggy publisher would: only the schema can catch it.
 */
export function breakRecords(feedDir: string, ids: readonly string[]): void {
  const manifest = readManifest(feedDir);
  const path = join(feedDir, manifest.snapshot.url);
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (ids.includes((JSON.parse(line) as { id: string }).id) ? line.replace('"type":"person"', '"type":"spaceship"') : line));
  const sum = new StateChecksum();
  for (const line of lines) sum.add(sha256Hex(line));
  const data = lines.join('\n') + '\n';
  writeFileSync(path, data);
  writeManifest(feedDir, {
    ...manifest,
    snapshot: { ...manifest.snapshot, bytes: Buffer.byteLength(data), sha256: sha256Hex(data), result: sum.hex() },
  });
}
