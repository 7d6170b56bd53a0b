/**
 * `browser.i18n.getMessage` for unit tests: WXT's fake browser does not implement it, so the
 * messages are compiled from locales/en.yml the way the build does, and $1…$9 substituted.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';

// From the repository root (vitest's working directory): under happy-dom import.meta.url is not a file URL.
const LOCALE_FILE = resolve(process.cwd(), 'locales/en.yml');
const messages = generateChromeMessages(parseMessagesText(readFileSync(LOCALE_FILE, 'utf8'), 'YAML'));

export function getMessage(name: string, substitutions?: string | string[]): string {
  const text = messages[name]?.message ?? '';
  const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
  return text.replace(/\$(\$|\d)/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
}
