/**
 * Runs code inside the content script's isolated world of a page, through the DevTools
 * protocol: Playwright's own `evaluate` only reaches the page's main world, and a test that
 * plays a compromised content script needs the world that has `chrome.runtime`.
 */
import type { CDPSession, Page } from 'playwright-core';

interface ExecutionContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

/** ms to wait for the content script's world to appear (it is created when the script runs). */
const WORLD_TIMEOUT_MS = 15_000;

export interface ContentWorld {
  /** Evaluates an expression (awaiting a returned promise) and returns its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

export async function contentScriptWorld(page: Page, extensionId: string): Promise<ContentWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const mainFrameId = frameTree.frame.id;
  const origin = `chrome-extension://${extensionId}`;
  const isOurs = (c: ExecutionContextDescription) =>
    c.auxData?.type === 'isolated' && c.auxData.frameId === mainFrameId && (c.origin === origin || c.name === 'Newslens');

  const contextId = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No Newslens content-script world in ${page.url()}`)),
      WORLD_TIMEOUT_MS,
    );
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContextDescription }) => {
      if (!isOurs(context)) return;
      clearTimeout(timer);
      resolve(context.id);
    });
    // Enabling the domain reports every existing context first, then new ones as they appear.
    cdp.send('Runtime.enable').catch(reject);
  });

  return {
    async evaluate<T>(expression: string): Promise<T> {
      const reply = (await cdp.send('Runtime.evaluate', {
        expression,
        contextId,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
      if (reply.exceptionDetails) {
        throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
      }
      return reply.result.value as T;
    },
    detach: () => cdp.detach(),
  };
}

/**
 * A message in @webext-core/messaging's wire format (`{ id, type, data, timestamp }`), as the
 * extension's own `sendMessage` would send it; the reply is `{ res }` or `{ err }`.
 */
export function wireMessage(type: string, data?: unknown): { id: number; type: string; data: unknown; timestamp: number } {
  return { id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() };
}

export interface WireReply<T = unknown> {
  res?: T;
  err?: { message?: string; name?: string };
}

/** An expression that sends one wire message with `chrome.runtime.sendMessage` and yields the reply. */
export function sendMessageExpression(type: string, data?: unknown): string {
  return `chrome.runtime.sendMessage(${JSON.stringify(wireMessage(type, data))})`;
}

/**
 * Sends one wire message from a page's main world with `chrome.runtime.sendMessage`: on one of
 * the extension's own pages (popup.html) that is exactly what the popup's code does.
 */
export async function sendFromPage<T = unknown>(page: Page, type: string, data?: unknown): Promise<WireReply<T>> {
  return page.evaluate((message) => {
    const { chrome } = globalThis as unknown as {
      chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
    };
    return chrome.runtime.sendMessage(message) as Promise<WireReply<T>>;
  }, wireMessage(type, data));
}
