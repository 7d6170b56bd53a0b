/**
 * Which feed addresses may be added, shared by the options page (to ask for the matching host
 * permission in the click handler) and the background (which checks again).
 */

export type FeedUrlCheck =
  | { ok: true; url: string; /** Host permission pattern to request, e.g. "https://kb.example.org/*". */ origin: string }
  | { ok: false; reason: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; plain http only on this computer (127.0.0.1, localhost), for development. */
export function checkFeedUrl(input: string): FeedUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'That is not a web address (it should start with https://).' };
  }
  if (url.username || url.password) return { ok: false, reason: 'Feed addresses cannot contain a user name or password.' };
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, reason: 'Feeds must use https:// (plain http:// is only allowed on 127.0.0.1 or localhost).' };
  }
  url.hash = '';
  // Match patterns carry no port: "http://127.0.0.1/*" covers every port of 127.0.0.1.
  return { ok: true, url: url.href, origin: `${url.protocol}//${url.hostname}/*` };
}
