/** Small display helpers shared by the card and the popup. */
import type { EntityType, IsoDate } from '../utils/shared/kb-schema';
import type { MatchReason } from '../utils/shared/protocol';

export const TYPE_LABELS: Record<EntityType, string> = {
  person: 'Person',
  country: 'Country',
  place: 'Place',
  organization: 'Organisation',
  treaty: 'Treaty',
  weapon: 'Weapon system',
  term: 'Term',
  event: 'Event',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-06-19" → "19 Jun 2024", "2024-06" → "Jun 2024", "2024" → "2024". */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

export function formatSpan(from?: IsoDate, to?: IsoDate): string {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `since ${formatDate(from)}`;
  if (to) return `until ${formatDate(to)}`;
  return '';
}

export function describeReason(reason: MatchReason): string {
  const words = `“${reason.matched}”`;
  switch (reason.rule) {
    case 'alias':
      return `${words} is a name of this entry.`;
    case 'context':
      return `${words} can mean several things; other names on this page point here${
        reason.supportedBy?.length ? ` (${reason.supportedBy.join(', ')})` : ''
      }.`;
    case 'capital-for-government':
      return `${words}, the capital, stands for its government here.`;
    case 'anaphora':
      return `${words} refers back to the treaty named earlier on this page.`;
    case 'treaty-article':
      return `${words} cites an article of this treaty.`;
    case 'treaty-name':
      return `${words} is named like a treaty.`;
    case 'user-correction':
      return `You chose this entry for ${words} earlier.`;
  }
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return 'at an unknown time';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
