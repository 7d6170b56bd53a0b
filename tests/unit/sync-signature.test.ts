/** Ed25519 manifest signatures: verification with WebCrypto, key pinning when a source is added. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { rawPublicKeyB64 } from '../../utils/feed-tools/feed-files';
import { getLiveEntity } from '../../utils/sync/generations';
import { checkPublicKey, signatureUrl, verifyManifestSignature } from '../../utils/sync/signature';
import { syncSource } from '../../utils/sync/sync-source';
import { addSource } from '../../utils/sync/sync-service';
import { SOURCE, closeDb, feedFixture, openDb, people, type FeedFixture, withFeedAndDb } from './helpers/sync-feed';

const keyA = generateKeyPairSync('ed25519').privateKey;
const keyB = generateKeyPairSync('ed25519').privateKey;
const bytes = new TextEncoder().encode('{"format":1}\n');

describe('signature verification', () => {
  it('accepts the right key and refuses a changed byte, another key or garbage', async () => {
    const sig = sign(null, bytes, keyA).toString('base64');
    expect(await verifyManifestSignature(bytes, sig, rawPublicKeyB64(keyA))).toBe(true);
    expect(await verifyManifestSignature(new TextEncoder().encode('{"format":2}\n'), sig, rawPublicKeyB64(keyA))).toBe(false);
    expect(await verifyManifestSignature(bytes, sig, rawPublicKeyB64(keyB))).toBe(false);
    expect(await verifyManifestSignature(bytes, 'not base64!', rawPublicKeyB64(keyA))).toBe(false);
    expect(await verifyManifestSignature(bytes, sig, 'AAAA')).toBe(false);
  });

  it('finds the signature beside the manifest, keeping a query in the manifest\'s address', () => {
    expect(signatureUrl('https://host/feed/manifest.json')).toBe('https://host/feed/manifest.json.sig');
    expect(signatureUrl('https://host/feed/manifest.json?token=abc')).toBe('https://host/feed/manifest.json.sig?token=abc');
    expect(signatureUrl('http://127.0.0.1:8787/m.json?a=1&b=%2F')).toBe('http://127.0.0.1:8787/m.json.sig?a=1&b=%2F');
  });

  it('checks the shape of a pasted key', () => {
    expect(checkPublicKey(rawPublicKeyB64(keyA))).toBeUndefined();
    expect(checkPublicKey('AAAA')).toMatch(/32 bytes/);
    expect(checkPublicKey('%%%')).toMatch(/base64/);
  });
});

describe('signed feeds', () => {
  let feed: FeedFixture;
  let db: KbDatabase;
  withFeedAndDb((f, d) => ([feed, db] = [f, d]));

  it('pins the key a signed feed announces, and refuses a manifest signed by another key', async () => {
    feed.publish(people(5), { key: keyA });
    await addSource(db, { url: feed.manifestUrl });
    expect((await db.sources.get(SOURCE))?.sync?.publicKey).toBe(rawPublicKeyB64(keyA));
    expect(await syncSource(db, SOURCE, { manual: true })).toMatchObject({ result: 'updated' });

    // Someone replaces the feed with one signed by their own key (and announcing it).
    feed.publish(people(5, 'evil'), { key: keyB, delta: false, version: 2 });
    const outcome = await syncSource(db, SOURCE, { manual: true });
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/signature does not match the key pinned/);
    expect((await db.sources.get(SOURCE))?.seq).toBe(1);
    expect((await getLiveEntity(db, 'person-1'))?.description).toContain('(v1)');
  });

  it('verifies a signed feed whose address has a query (e.g. an access token)', async () => {
    feed.publish(people(5), { key: keyA });
    await addSource(db, { url: `${feed.manifestUrl}?token=abc` });
    expect((await db.sources.get(SOURCE))?.sync?.publicKey).toBe(rawPublicKeyB64(keyA));
    feed.publish(people(6), { key: keyA, delta: false });
    expect(await syncSource(db, SOURCE, { manual: true })).toMatchObject({ result: 'updated' });
    expect((await db.sources.get(SOURCE))?.entityCount).toBe(6);
  });

  it('refuses a feed that stops signing, and a pasted key that does not match', async () => {
    feed.publish(people(5), { key: keyA });
    await expect(addSource(db, { url: feed.manifestUrl, publicKey: rawPublicKeyB64(keyB) })).rejects.toThrow(/not signed with the public key you entered/);
    await addSource(db, { url: feed.manifestUrl, publicKey: rawPublicKeyB64(keyA) });
    await syncSource(db, SOURCE, { manual: true });
    feed.publish(people(6), { delta: false, version: 2 });
    const outcome = await syncSource(db, SOURCE, { manual: true });
    expect(outcome.message).toMatch(/no longer signed/);
    expect((await db.sources.get(SOURCE))?.entityCount).toBe(5);
  });
});

describe('adding sources', () => {
  let db: KbDatabase;
  beforeEach(async () => {
    db = await openDb();
  });
  afterEach(async () => closeDb(db));

  it('refuses plain http except on this computer, and addresses that do not serve a manifest', async () => {
    await expect(addSource(db, { url: 'http://kb.example.org/manifest.json' })).rejects.toThrow(/must use https/);
    await expect(addSource(db, { url: 'ftp://kb.example.org/' })).rejects.toThrow(/must use https/);
    await expect(addSource(db, { url: 'not a url' })).rejects.toThrow(/not a web address/);
    const feed = await feedFixture();
    try {
      writeFileSync(join(feed.root, 'page.json'), '<html>');
      await expect(addSource(db, { url: `${feed.server.url}/page.json` })).rejects.toThrow(/not JSON/);
      feed.publish(people(1));
      await addSource(db, { url: feed.manifestUrl });
      await expect(addSource(db, { url: feed.manifestUrl })).rejects.toThrow(/already added/);
    } finally {
      await feed.close();
    }
  });
});
