/**
 * Who may ask for what. Content scripts run inside arbitrary web pages, so a compromised or
 * hostile page context must not be able to reset the KB or change settings through them:
 * privileged messages are accepted only from the extension's own pages (popup, options).
 */
import type { Runtime } from 'webextension-polyfill';

export interface ExtensionIdentity {
  id: string;
  /** e.g. "chrome-extension://<id>/" or "moz-extension://<uuid>/". */
  origin: string;
}

export function isExtensionPage(sender: Runtime.MessageSender, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id) return false;
  // A content script's sender.url is the web page's URL; an extension page's is our own origin.
  const url = sender.url ?? '';
  return url.startsWith(self.origin);
}

export class PrivilegedMessageError extends Error {
  constructor(type: string) {
    super(`"${type}" can only be requested from Newslens' own pages`);
    this.name = 'PrivilegedMessageError';
  }
}
