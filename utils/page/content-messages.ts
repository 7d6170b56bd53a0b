/**
 * Answers the background's messages to this page (keyboard steps, the popup's "On this page"),
 * in @webext-core/messaging's wire format (what `contentMessaging.sendMessage` in the background
 * sends and expects back): `{ id, type, data, timestamp }` in, `{ res }` or `{ err }` out.
 * `runtime.onMessage` in a content script only hears the extension itself; the sender id is
 * checked all the same. Handlers are typed from `ContentProtocol`, the one definition.
 */
import type { ContentProtocol } from '../shared/protocol';
import { isWireMessage, runtime, type RuntimeListener } from '../shared/send-message';

export type ContentHandlers = {
  [K in keyof ContentProtocol]?: (data: Parameters<ContentProtocol[K]>[0]) => ReturnType<ContentProtocol[K]>;
};

/** Registers `handlers`; returns the function that removes them. */
export function listenToBackground(handlers: ContentHandlers): () => void {
  const api = runtime();
  const listener: RuntimeListener = (message, sender, sendResponse) => {
    if (sender.id !== api.id || !isWireMessage(message) || !Object.hasOwn(handlers, message.type)) return undefined;
    const handler = handlers[message.type as keyof ContentProtocol] as ((data: unknown) => unknown) | undefined;
    if (!handler) return undefined;
    try {
      sendResponse({ res: handler(message.data) });
    } catch (err) {
      const { message: text, name } = err instanceof Error ? err : { message: String(err), name: 'Error' };
      sendResponse({ err: { message: text, name } });
    }
    return undefined;
  };
  api.onMessage.addListener(listener);
  return () => api.onMessage.removeListener(listener);
}
