/**
 * A thin, typed `sendMessage` to the background, wire-compatible with @webext-core/messaging
 * (which the background's `onMessage` handlers use): the request is `{ id, type, data, timestamp }`
 * and the reply `{ res }` or `{ err }`. The content script loads on every page the reader opens, and
 * the full library with webextension-polyfill costs it several kB; this is the part it needs.
 * Request and reply types come from the one protocol definition (`Protocol` in ./protocol.ts,
 * imported as types only, so nothing of that module is bundled).
 */
import type { Protocol } from './protocol';
import { extensionApi } from './extension-api';

/** One message as it travels: the shape @webext-core/messaging sends and answers. */
export interface WireMessage {
  id: number;
  type: string;
  data: unknown;
  timestamp: number;
}

/** A serialized error, as @webext-core/messaging (zero-serialize-error) sends it. */
export interface WireError {
  message?: string;
  name?: string;
}

export interface WireReply<T = unknown> {
  res?: T;
  err?: WireError;
}

/** The part of `chrome.runtime` / `browser.runtime` used by the content script. */
export interface RuntimeLike {
  id?: string;
  getURL(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: RuntimeListener): void;
    removeListener(listener: RuntimeListener): void;
  };
}

export type RuntimeListener = (
  message: unknown,
  sender: { id?: string },
  sendResponse: (reply: WireReply) => void,
) => boolean | undefined;

/** Firefox's `browser` (promise-based) first, Chrome's `chrome` otherwise. */
export function runtime(): RuntimeLike {
  return extensionApi<RuntimeLike>('runtime');
}

// Same start as the library's: ids only need to be distinct within this context.
let nextId = Math.floor(Math.random() * 1e4);

export function isWireMessage(message: unknown): message is WireMessage {
  const m = message as Partial<WireMessage> | null;
  return typeof m === 'object' && m !== null && typeof m.type === 'string' && typeof m.timestamp === 'number';
}

export function toError(err: WireError): Error {
  const error = new Error(err.message ?? 'Unknown error');
  if (err.name) error.name = err.name;
  return error;
}

/** Sends `type` with its request to the background; resolves to the typed reply. */
export async function sendMessage<K extends keyof Protocol>(
  type: K,
  ...data: Parameters<Protocol[K]>
): Promise<ReturnType<Protocol[K]>> {
  const message: WireMessage = { id: nextId++, type, data: data[0], timestamp: Date.now() };
  const reply = (await runtime().sendMessage(message)) as WireReply<ReturnType<Protocol[K]>> | undefined;
  if (!reply) throw new Error('No response');
  if (reply.err != null) throw toError(reply.err);
  return reply.res as ReturnType<Protocol[K]>;
}
