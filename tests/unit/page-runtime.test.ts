/**
 * The content script's thin links to the extension (utils/shared/send-message.ts,
 * utils/page/content-messages.ts, utils/page/page-settings.ts): they replace @webext-core/messaging
 * and @wxt-dev/storage on web pages, so they must speak exactly their formats.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenToBackground } from '../../utils/page/content-messages';
import { readSettings, watchSettings, withDefaults } from '../../utils/page/page-settings';
import { DEFAULT_SETTINGS } from '../../utils/shared/settings';
import { sendMessage, type RuntimeListener, type WireReply } from '../../utils/shared/send-message';

const EXTENSION_ID = 'newslens-test-id';

/** A runtime whose sendMessage answers with `reply`, recording what it was sent. */
function fakeRuntime(reply: (message: unknown) => unknown) {
  const sent: unknown[] = [];
  const listeners: RuntimeListener[] = [];
  const runtime = {
    id: EXTENSION_ID,
    getURL: (path: string) => `chrome-extension://${EXTENSION_ID}${path}`,
    sendMessage: (message: unknown) => {
      sent.push(message);
      return Promise.resolve(reply(message));
    },
    onMessage: {
      addListener: (l: RuntimeListener) => listeners.push(l),
      removeListener: (l: RuntimeListener) => listeners.splice(listeners.indexOf(l), 1),
    },
  };
  vi.stubGlobal('browser', { runtime });
  /** Delivers a message as the extension would; returns the reply sent back, if any. */
  const deliver = (message: unknown, senderId = EXTENSION_ID): WireReply | undefined => {
    let answer: WireReply | undefined;
    for (const l of listeners) l(message, { id: senderId }, (r) => (answer = r));
    return answer;
  };
  return { sent, listeners, deliver };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sendMessage (wire-compatible with @webext-core/messaging)', () => {
  it('sends { id, type, data, timestamp } and resolves to the reply’s res', async () => {
    const { sent } = fakeRuntime(() => ({ res: [{ id: 'kcna', type: 'organization', name: 'KCNA', description: '' }] }));
    const summaries = await sendMessage('getSummaries', { ids: ['kcna'] });
    expect(summaries.map((s) => s.id)).toEqual(['kcna']);
    expect(sent).toHaveLength(1);
    const message = sent[0] as Record<string, unknown>;
    expect(Object.keys(message).sort()).toEqual(['data', 'id', 'timestamp', 'type']);
    expect(message).toMatchObject({ type: 'getSummaries', data: { ids: ['kcna'] } });
    expect(typeof message.id).toBe('number');
    expect(typeof message.timestamp).toBe('number');
  });

  it('gives distinct ids to successive messages', async () => {
    const { sent } = fakeRuntime(() => ({ res: null }));
    await sendMessage('getEntity', { id: 'a' });
    await sendMessage('getEntity', { id: 'b' });
    const [a, b] = sent as { id: number }[];
    expect(a!.id).not.toBe(b!.id);
  });

  it('rejects with the background’s error, and when nothing answers', async () => {
    fakeRuntime(() => ({ err: { name: 'PrivilegedMessageError', message: 'resetKb is not allowed from here' } }));
    await expect(sendMessage('getStatus')).rejects.toThrow('resetKb is not allowed from here');
    fakeRuntime(() => undefined);
    await expect(sendMessage('getStatus')).rejects.toThrow('No response');
  });

  it('resolves a void reply ({} once serialized) to undefined', async () => {
    fakeRuntime(() => ({}));
    await expect(sendMessage('addCorrection', { entityId: 'x', matched: 'X', action: 'not-an-entity' })).resolves.toBeUndefined();
  });
});

describe('listenToBackground', () => {
  const message = (type: string, data?: unknown) => ({ id: 7, type, data, timestamp: Date.now() });

  it('answers its own message types with { res }', () => {
    const { deliver } = fakeRuntime(() => undefined);
    listenToBackground({ revealEntity: (data) => data.id === 'kcna' });
    expect(deliver(message('revealEntity', { id: 'kcna' }))).toEqual({ res: true });
    expect(deliver(message('revealEntity', { id: 'other' }))).toEqual({ res: false });
  });

  it('leaves other types, malformed messages and other senders unanswered', () => {
    const { deliver } = fakeRuntime(() => undefined);
    const step = vi.fn();
    listenToBackground({ stepMention: step });
    expect(deliver(message('getPageEntities'))).toBeUndefined();
    expect(deliver({ type: 'stepMention', data: { direction: 'next' } })).toBeUndefined(); // no timestamp
    expect(deliver(message('toString'))).toBeUndefined(); // not an own handler
    expect(deliver(message('stepMention', { direction: 'next' }), 'another-extension')).toBeUndefined();
    expect(step).not.toHaveBeenCalled();
  });

  it('sends a throwing handler’s error as { err }, and stops when removed', () => {
    const { deliver, listeners } = fakeRuntime(() => undefined);
    const remove = listenToBackground({
      getPageEntities: () => {
        throw new TypeError('boom');
      },
    });
    expect(deliver(message('getPageEntities'))).toEqual({ err: { message: 'boom', name: 'TypeError' } });
    remove();
    expect(listeners).toHaveLength(0);
  });
});

describe('page settings (read like the background’s settingsItem writes them)', () => {
  function fakeStorage(stored: Record<string, unknown>) {
    const listeners: ((changes: Record<string, { newValue?: unknown }>, area: string) => void)[] = [];
    vi.stubGlobal('browser', {
      storage: {
        local: { get: (key: string) => Promise.resolve(key in stored ? { [key]: stored[key] } : {}) },
        onChanged: {
          addListener: (l: (typeof listeners)[number]) => listeners.push(l),
          removeListener: (l: (typeof listeners)[number]) => listeners.splice(listeners.indexOf(l), 1),
        },
      },
    });
    return listeners;
  }

  it('reads the defaults when nothing is stored', async () => {
    fakeStorage({});
    expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('reads a version-1 value (no density) the way the migration writes it', async () => {
    const v1 = { enabled: false, disabledSites: ['example.org'], types: ['person'], markStyle: 'background', hoverDelayMs: 100 };
    fakeStorage({ settings: v1, settings$: { v: 1 } });
    expect(await readSettings()).toEqual({ ...v1, density: 'every' });
  });

  it('reports changes to the local settings key only, until unwatched', () => {
    const listeners = fakeStorage({});
    const seen: unknown[] = [];
    const unwatch = watchSettings((s) => seen.push(s.enabled));
    listeners.forEach((l) => l({ settings: { newValue: { ...DEFAULT_SETTINGS, enabled: false } } }, 'local'));
    listeners.forEach((l) => l({ settings: { newValue: { enabled: true } } }, 'sync'));
    listeners.forEach((l) => l({ other: { newValue: 1 } }, 'local'));
    listeners.forEach((l) => l({ settings: {} }, 'local')); // removed: back to the defaults
    unwatch();
    expect(listeners).toHaveLength(0);
    expect(seen).toEqual([false, true]);
  });

  it('treats a value that is not an object as the defaults', () => {
    expect(withDefaults('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(withDefaults(null)).toEqual(DEFAULT_SETTINGS);
  });
});
