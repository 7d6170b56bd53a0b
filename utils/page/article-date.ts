/**
 * Reads when the article was published, so the card can state facts as of that date
 * ("as of June 2024: President of Russia") and say when something has changed since.
 * Sources, most reliable first: JSON-LD `datePublished`, Open Graph / schema.org meta tags,
 * then a `<time datetime>` inside the article.
 */

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="date"]',
  'meta[name="DC.date.issued"]',
  'meta[property="og:published_time"]',
];

/** The publication date as YYYY-MM-DD, or undefined when the page does not say. */
export function readArticleDate(doc: Document): string | undefined {
  return fromJsonLd(doc) ?? fromMeta(doc) ?? fromTimeElement(doc);
}

function fromJsonLd(doc: Document): string | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const found = findDatePublished(JSON.parse(script.textContent ?? ''));
      if (found) return found;
    } catch {
      // Malformed JSON-LD is common on the web; try the next source.
    }
  }
  return undefined;
}

function findDatePublished(node: unknown, depth = 0): string | undefined {
  if (depth > 5 || node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findDatePublished(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  const direct = typeof record.datePublished === 'string' ? toIsoDay(record.datePublished) : undefined;
  return direct ?? findDatePublished(record['@graph'], depth + 1);
}

function fromMeta(doc: Document): string | undefined {
  for (const selector of META_SELECTORS) {
    const value = doc.querySelector(selector)?.getAttribute('content');
    const day = value ? toIsoDay(value) : undefined;
    if (day) return day;
  }
  return undefined;
}

function fromTimeElement(doc: Document): string | undefined {
  const time = doc.querySelector('article time[datetime], time[pubdate][datetime]');
  const value = time?.getAttribute('datetime');
  return value ? toIsoDay(value) : undefined;
}

/** "2024-06-21T09:30:00+09:00" → "2024-06-21"; anything that is not a plausible date → undefined. */
export function toIsoDay(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [, y, m, d] = match;
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${y}-${m}-${d}`;
}
