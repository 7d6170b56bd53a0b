/**
 * What the sync e2e tests and `npm run bench:sync` share: `npm run kb -- serve` as a child
 * process, a private copy of the build with 127.0.0.1 pre-granted, messages from an extension
 * page, the sync progress recorded from `storage.session` as the worker writes it, and the
 * DevTools protocol on the browser (find, kill and inspect the extension's service worker).
 *
 * Headless Chromium cannot show the host-permission prompt that "Add source" opens, so the copy's
 * manifest already grants http://127.0.0.1/* (what a user's "Allow" would grant);
 * `permissions.request` then resolves at once, as it does for a host that is already granted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { Faults } from '../../../utils/feed-tools/feed-server';
import type { SyncProgress } from '../../../utils/sync/progress';
import { sendFromPage, type WireReply } from './content-world';
import { EXTENSION_DIR, REPO_ROOT, type LaunchedExtension } from './launch';

export interface KbServe {
  /** "http://127.0.0.1:<port>" */
  url: string;
  /** Requests served so far ("GET /manifest.json 304"), when started with `log`. */
  requests: string[];
  setFaults(faults: Faults): Promise<void>;
  close(): Promise<void>;
}

/** Starts `npm run kb -- serve <dir>` (the same module, without npm's wrapper) and reads its URL. */
export async function startKbServe(dir: string, options: { log?: boolean } = {}): Promise<KbServe> {
  const args = ['--import', 'tsx', 'scripts/kb.ts', 'serve', dir, '--port', '0', ...(options.log ? [] : ['--quiet'])];
  const requests: string[] = [];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kb serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /kb serve: (http:\/\/127\.0\.0\.1:\d+)\/manifest\.json/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`kb serve exited with ${code}: ${out}`)));
  });
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (/^(GET|HEAD|POST|OPTIONS) /.test(line) && !line.includes('/__faults')) requests.push(line);
  });
  return {
    url,
    requests,
    async setFaults(faults) {
      const response = await fetch(`${url}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
      if (response.status !== 204) throw new Error(`kb serve refused the faults (${response.status})`);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A copy of the build in `root`/extension with 127.0.0.1 pre-granted (see the file comment).
 * NEWSLENS_EXTENSION_DIR (see launch.ts) points at another build.
 */
export function preGrantedBuild(root: string, from = EXTENSION_DIR): string {
  const dir = join(root, 'extension');
  cpSync(from, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Sends a message from an extension page and returns its reply, throwing on an error reply. */
export async function ask<T>(page: Page, type: string, data?: unknown): Promise<T> {
  const reply: WireReply<T> = await sendFromPage<T>(page, type, data);
  if (reply.err) throw new Error(`${type}: ${reply.err.message ?? 'error'}`);
  return reply.res as T;
}

export interface RecordedProgress extends SyncProgress {
  /** Page clock when the page saw the write. */
  seenAt: number;
}

/**
 * Records every progress report the worker writes to storage.session, in the page (it survives
 * the worker being killed). Read with `progressLog`.
 */
export async function recordSyncProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { syncLog?: unknown[] };
    if (w.syncLog) return;
    const log: unknown[] = (w.syncLog = []);
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { session: { onChanged: { addListener(f: (changes: Record<string, { newValue?: unknown }>) => void): void } } } };
    };
    chrome.storage.session.onChanged.addListener((changes) => {
      const value = changes.syncProgress?.newValue;
      if (value) log.push({ ...value, seenAt: Date.now() });
    });
  });
}

export function progressLog(page: Page): Promise<RecordedProgress[]> {
  return page.evaluate(() => (window as unknown as { syncLog: RecordedProgress[] }).syncLog);
}

/** Empties the page's progress log (before the next measured sync). */
export async function clearProgressLog(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { syncLog: unknown[] }).syncLog.length = 0;
  });
}

/** What `waitForProgress` waits for: a report in one of `phases` with at least `records` done. */
export interface ProgressCondition {
  phases: SyncProgress['phase'][];
  records?: number;
  /**
   * Only reports from the first one about this source on count (a "done" of another sync that
   * ran just before, such as the one the install starts, is not this sync's end).
   */
  after?: string;
}

/** Waits until the page's progress log has a report matching `condition`. */
export async function waitForProgress(page: Page, condition: ProgressCondition, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ({ phases, records, after }) => {
      const log = (window as unknown as { syncLog?: SyncProgress[] }).syncLog ?? [];
      const from = after === undefined ? 0 : log.findIndex((p) => p.source === after);
      return from >= 0 && log.slice(from).some((p) => phases.includes(p.phase) && p.records >= records);
    },
    { phases: condition.phases, records: condition.records ?? 0, after: condition.after },
    { timeout, polling: 20 },
  );
}

/** The source row and the actual live rows of one source, read from IndexedDB by an extension page. */
export interface LiveState {
  version?: string;
  seq?: number;
  /** The source row's state checksum. */
  checksum?: string;
  entityCount?: number;
  liveGen?: number;
  /** Entities the live generation's id index holds (what readers see), counted. */
  rows: number;
  /** Sum modulo 2^256 of their digests: the state checksum of what readers see. */
  rowsChecksum: string;
  /** Entities indexed in `records`, every source and generation (staged and garbage included). */
  totalRows: number;
  /** Unfinished sync jobs (any source). */
  jobs: number;
}

/**
 * Reads a source's live generation straight from the KB database (the extension page shares the
 * worker's origin), in one read transaction: a reader's view. Entities are stored packed
 * (utils/sync/packed-layout.ts): the id index's buckets (`[gen, "b:…"]`) list a generation's
 * entities with their digests; fragments (`"f:…"`) those of a sync not yet indexed or applied.
 */
export function readLiveState(page: Page, source: string): Promise<LiveState> {
  // Plain JavaScript text: a function would be compiled by tsx with helpers the page does not have.
  return page.evaluate(`(async (id) => {
    const db = await new Promise((ok, fail) => {
      const open = indexedDB.open('newslens-kb');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    try {
      const tx = db.transaction(['sources', 'records', 'syncJobs'], 'readonly');
      const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      const records = tx.objectStore('records');
      const row = await req(tx.objectStore('sources').get(id));
      let rows = 0;
      let sum = 0n;
      if (row && row.liveGen !== undefined) {
        const buckets = await req(records.getAll(IDBKeyRange.bound([row.liveGen, 'b:'], [row.liveGen, 'b:\uffff'])));
        for (const b of buckets) {
          // Ids are one string joined by "\\n"; each digest 32 characters, one per byte (packDigest).
          const count = b.ids ? b.ids.split('\\n').length : 0;
          rows += count;
          for (let i = 0; i < count; i++) {
            if (!b.digests) continue;
            let hex = '';
            for (let j = i * 32; j < i * 32 + 32; j++) hex += b.digests.charCodeAt(j).toString(16).padStart(2, '0');
            sum += BigInt('0x' + hex);
          }
        }
      }
      // Every index row of every generation (keys first: packs are big and not needed here).
      let totalRows = 0;
      const keys = await req(records.getAllKeys());
      for (const key of keys) {
        if (!/^[bf]:/.test(key[1])) continue;
        const ids = (await req(records.get(key))).ids;
        totalRows += ids ? ids.split('\\n').length : 0;
      }
      return {
        version: row?.version, seq: row?.seq, checksum: row?.checksum, entityCount: row?.entityCount, liveGen: row?.liveGen,
        rows, rowsChecksum: (sum % (1n << 256n)).toString(16).padStart(64, '0'),
        totalRows, jobs: await req(tx.objectStore('syncJobs').count()),
      };
    } finally {
      db.close();
    }
  })(${JSON.stringify(source)})`);
}

/** ms a command to the worker may take (profiles of a long sync take a while to serialise). */
const WORKER_REPLY_TIMEOUT_MS = 30_000;

/**
 * The DevTools protocol on the whole browser: finds the extension's service worker target, kills
 * it (Target.closeTarget, what Chrome does to an idle or busy worker) and talks to it (heap,
 * CPU profile) through a non-flattened target session.
 */
export class BrowserDevtools {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly extensionId: string,
  ) {}

  static async open(extension: LaunchedExtension): Promise<BrowserDevtools> {
    const browser = extension.context.browser();
    if (!browser) throw new Error('no browser-level DevTools session for this context');
    return new BrowserDevtools(await browser.newBrowserCDPSession(), extension.extensionId);
  }

  /** The target id of the extension's running service worker, if it runs. */
  async workerTarget(): Promise<string | undefined> {
    const { targetInfos } = (await this.cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${this.extensionId}/`))?.targetId;
  }

  /** Resolves when the last killed worker's target was reported destroyed. */
  private killed: Promise<void> | undefined;
  private discovering = false;

  /**
   * Terminates the service worker; true when one was running. Its end is awaited by
   * `waitForWorker(false)` through the browser's `Target.targetDestroyed` event rather than by
   * polling alone: an extension page may wake a fresh worker a few milliseconds after the kill
   * (the options page asks for the status at each progress report), too quickly for a poll to
   * ever see "no worker".
   */
  async killWorker(): Promise<boolean> {
    const target = await this.workerTarget();
    if (!target) return false;
    if (!this.discovering) {
      this.discovering = true;
      await this.cdp.send('Target.setDiscoverTargets', { discover: true });
    }
    this.killed = new Promise<void>((resolve) => {
      const onDestroyed = ({ targetId }: { targetId: string }) => {
        if (targetId !== target) return;
        this.cdp.off('Target.targetDestroyed', onDestroyed);
        resolve();
      };
      this.cdp.on('Target.targetDestroyed', onDestroyed);
    });
    const { success } = await this.cdp.send('Target.closeTarget', { targetId: target });
    return success;
  }

  /** Waits until the service worker runs (`running`) or is gone (`!running`: the killed one ended). */
  async waitForWorker(running: boolean, timeout = 15_000): Promise<void> {
    const until = Date.now() + timeout;
    const killed = running ? undefined : this.killed;
    let ended = false;
    void killed?.then(() => (ended = true));
    while (!ended && Boolean(await this.workerTarget()) !== running) {
      if (Date.now() > until) throw new Error(`the service worker did not ${running ? 'start' : 'stop'} within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!running) this.killed = undefined;
  }

  private sessions = new Map<string, string>();
  private nextId = 1;
  private pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  private listening = false;

  /** Sends a command to the service worker (attaching first); undefined when it is not running. */
  async toWorker<T>(method: string, params: object = {}): Promise<T | undefined> {
    const target = await this.workerTarget();
    if (!target) return undefined;
    if (!this.listening) {
      this.listening = true;
      this.cdp.on('Target.receivedMessageFromTarget', ({ message }: { message: string }) => {
        const reply = JSON.parse(message) as { id?: number; result?: unknown; error?: { message: string } };
        const waiter = reply.id === undefined ? undefined : this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id!);
        if (reply.error) waiter.fail(new Error(reply.error.message));
        else waiter.ok(reply.result);
      });
    }
    let sessionId = this.sessions.get(target);
    if (!sessionId) {
      ({ sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: target, flatten: false }));
      this.sessions.set(target, sessionId);
    }
    const id = this.nextId++;
    const reply = new Promise<T>((ok, fail) => {
      // A worker killed meanwhile never answers.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`${method}: the service worker did not answer`));
      }, WORKER_REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        ok: (v) => {
          clearTimeout(timer);
          ok(v as T);
        },
        fail: (e) => {
          clearTimeout(timer);
          fail(e);
        },
      });
    });
    await this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    return reply;
  }

  /** The worker's used JS heap in bytes (undefined when it is not running). */
  async workerHeap(): Promise<number | undefined> {
    const usage = await this.toWorker<{ usedSize: number }>('Runtime.getHeapUsage').catch(() => undefined);
    return usage?.usedSize;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/** Polls `read` until `done(value)`, for hooks where vitest's expect.poll is not available. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout = 30_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits for the sync that the extension starts on install (onInstalled → every feed) to report
 * its end. A test that adds a feed before then races it: the install sync may pick the new feed
 * up and the feed's own sync then finds nothing new, so "updated" would read "up to date".
 */
export async function waitForInstallSync(page: Page): Promise<void> {
  await pollUntil(
    () => ask<{ progress?: { running: boolean } }>(page, 'getSyncStatus'),
    (status) => status.progress?.running === false,
    30_000,
    'the install-time sync to finish',
  );
}

/**
 * Holds a readwrite transaction on `stores` from an extension page until `release` is called: a
 * reader that keeps the database busy. The worker's transactions on those stores wait for it,
 * which lets a test stop the worker at an exact point (inside the flip, before it commits).
 */
export async function holdWriteLock(page: Page, stores: string[]): Promise<{ release(): Promise<void> }> {
  await page.evaluate(`new Promise((held, fail) => {
    const open = indexedDB.open('newslens-kb');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const stores = ${JSON.stringify(stores)};
      const tx = db.transaction(stores, 'readwrite');
      window.lockReleased = false;
      window.lockDone = new Promise((done) => { tx.oncomplete = tx.onabort = () => { db.close(); done(); }; });
      // Keep the transaction alive with one request after another until released.
      const spin = () => { if (!window.lockReleased) tx.objectStore(stores[0]).count().onsuccess = spin; };
      tx.objectStore(stores[0]).count().onsuccess = () => { held(); spin(); };
    };
  })`);
  return {
    async release() {
      await page.evaluate(`(window.lockReleased = true, window.lockDone)`);
    },
  };
}
