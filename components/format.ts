/** Small display helpers shared by the card and the popup. */
import { i18n } from '#i18n';
import type { EntityType, IsoDate } from '../utils/shared/kb-schema';
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import type { MatchReason } from '../utils/shared/protocol';

// Getters: read when shown, not when the module loads, since the content script bundles this
// module and every page would pay for eight message lookups it may never show.
export const TYPE_LABELS = Object.defineProperties(
  {} as Record<EntityType, string>,
  Object.fromEntries(ENTITY_TYPES.map((type) => [type, { enumerable: true, get: () => i18n.t(`types.${type}`) }])),
);

/**
 * `text` between Unicode isolates (FSI…PDI), for KB, feed or page text put into a sentence:
 * the string form of <bdi>, so an RTL override inside it cannot reverse the words around it.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-06-19" → "19 Jun 2024", "2024-06" → "Jun 2024", "2024" → "2024". */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

export function formatSpan(from?: IsoDate, to?: IsoDate): string {
  if (from && to) return i18n.t('format.between', [formatDate(from), formatDate(to)]);
  if (from) return i18n.t('format.since', [formatDate(from)]);
  if (to) return i18n.t('format.until', [formatDate(to)]);
  return '';
}

export function describeReason(reason: MatchReason): string {
  const words = reason.matched;
  switch (reason.rule) {
    case 'alias':
      return i18n.t('reason.alias', [words]);
    case 'context':
      return reason.supportedBy?.length
        ? i18n.t('reason.contextBy', [words, reason.supportedBy.join(', ')])
        : i18n.t('reason.context', [words]);
    case 'capital-for-government':
      return i18n.t('reason.capital', [words]);
    case 'anaphora':
      return i18n.t('reason.anaphora', [words]);
    case 'treaty-article':
      return i18n.t('reason.treatyArticle', [words]);
    case 'treaty-name':
      return i18n.t('reason.treatyName', [words]);
    case 'user-correction':
      return i18n.t('reason.userCorrection', [words]);
  }
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return i18n.t('format.unknownTime');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return i18n.t('format.justNow');
  if (minutes < 60) return i18n.t('format.minutesAgo', [String(minutes)]);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return i18n.t('format.hoursAgo', [String(hours)]);
  return i18n.t('format.daysAgo', [String(Math.round(hours / 24))]);
}
