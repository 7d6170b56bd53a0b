/**
 * HTTP for the sync engine: conditional GET of the manifest, ranged GET of record files, errors
 * classified into plain words, and the retry schedule (exponential backoff with jitter,
 * honouring Retry-After, capped at 24 hours).
 */

/** First retry after a failure, before jitter. */
export const BACKOFF_BASE_MS = 60_000; // 1 min: a flaky network often recovers that fast
/** No source is retried later than this after a failure, whatever the server asks. */
export const BACKOFF_CAP_MS = 24 * 60 * 60_000; // 24 h, the cap

/** Why a sync step failed, with a message a reader understands. */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    message: string,
    readonly code:
      | 'network'
      | 'http'
      | 'rate-limited'
      | 'not-found'
      | 'truncated'
      | 'checksum'
      | 'signature'
      | 'manifest'
      | 'malformed'
      | 'quota'
      | 'permission',
    readonly options: {
      /** Worth retrying later with backoff (network trouble, 5xx, 429). */
      retryable?: boolean;
      /** From a Retry-After header. */
      retryAfterMs?: number;
      /** The unfinished download cannot be resumed: drop it and plan again. */
      restart?: boolean;
      status?: number;
    } = {},
  ) {
    super(message);
  }
}

/**
 * The live generation a delta builds on was replaced while it downloaded (another sync, a reset,
 * a removed source): the download is dropped and planned again from the new state.
 */
export function baseChangedError(): SyncError {
  return new SyncError('The knowledge base changed while the update was downloading; it will be fetched again.', 'http', { restart: true, retryable: true });
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `failures` (1 = first retry): exponential from BACKOFF_BASE_MS with
 * "equal jitter" (between half and all of the step, so many clients that failed together do not
 * come back together), at least what Retry-After asked for, never more than BACKOFF_CAP_MS.
 */
export function backoffDelay(failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.min(BACKOFF_CAP_MS, Math.max(jittered, retryAfterMs ?? 0)));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function get(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    // no-store: the engine keeps its own ETag and sees the 304 itself.
    return await fetch(url, { headers, cache: 'no-store', credentials: 'omit', redirect: 'follow' });
  } catch {
    throw new SyncError(`Could not reach ${hostOf(url)} (network error or no permission to read it).`, 'network', {
      retryable: true,
    });
  }
}

function statusError(url: string, response: Response): SyncError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
  if (status === 429) {
    return new SyncError(`${hostOf(url)} asked Newslens to slow down (HTTP 429); it will try again later.`, 'rate-limited', {
      retryable: true,
      retryAfterMs,
      status,
    });
  }
  if (status === 503 || status >= 500) {
    return new SyncError(`The feed server ${hostOf(url)} had a problem (HTTP ${status}); it will try again later.`, 'http', {
      retryable: true,
      retryAfterMs,
      status,
    });
  }
  if (status === 404 || status === 410) {
    return new SyncError(`A file of the feed is missing on ${hostOf(url)} (HTTP ${status}).`, 'not-found', {
      restart: true,
      retryable: true,
      status,
    });
  }
  return new SyncError(`The feed server ${hostOf(url)} refused the request (HTTP ${status}).`, 'http', { retryable: true, status });
}

export type ManifestResponse =
  | { kind: 'not-modified' }
  | { kind: 'ok'; bytes: Uint8Array; etag?: string; lastModified?: string };

/** GET the manifest, conditionally on what we saw last time. */
export async function fetchManifest(url: string, seen: { etag?: string; lastModified?: string } = {}): Promise<ManifestResponse> {
  const headers: Record<string, string> = {};
  if (seen.etag) headers['If-None-Match'] = seen.etag;
  else if (seen.lastModified) headers['If-Modified-Since'] = seen.lastModified;
  const response = await get(url, headers);
  if (response.status === 304) return { kind: 'not-modified' };
  if (!response.ok) throw statusError(url, response);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    kind: 'ok',
    bytes,
    etag: response.headers.get('ETag') ?? undefined,
    lastModified: response.headers.get('Last-Modified') ?? undefined,
  };
}

/** GET a small file (the manifest's signature); undefined when it does not exist. */
export async function fetchOptionalText(url: string): Promise<string | undefined> {
  const response = await get(url, {});
  if (response.status === 404) return undefined;
  if (!response.ok) throw statusError(url, response);
  return response.text();
}

export interface OpenedFile {
  body: ReadableStream<Uint8Array>;
  /** True when the server honoured the Range request and the body starts at `offset`. */
  fromOffset: boolean;
}

/** GET a record file, from byte `offset` on when resuming (the server may ignore the Range). */
export async function openFile(url: string, offset: number): Promise<OpenedFile> {
  const response = await get(url, offset > 0 ? { Range: `bytes=${offset}-` } : {});
  if (response.status === 416) {
    throw new SyncError(`The feed file on ${hostOf(url)} is shorter than expected.`, 'truncated', { restart: true, retryable: true });
  }
  if (!response.ok) throw statusError(url, response);
  if (!response.body) throw new SyncError(`The feed server ${hostOf(url)} sent an empty reply.`, 'truncated', { retryable: true });
  return { body: response.body, fromOffset: offset > 0 && response.status === 206 };
}
