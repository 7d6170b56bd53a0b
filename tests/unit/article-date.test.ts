// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readArticleDate, toIsoDay } from '../../utils/page/article-date';

function head(html: string): Document {
  return new DOMParser().parseFromString(`<html><head>${html}</head><body><article></article></body></html>`, 'text/html');
}

describe('readArticleDate', () => {
  it('prefers JSON-LD datePublished, including inside @graph', () => {
    const doc = head(`
      <meta property="article:published_time" content="2024-06-30T00:00:00Z">
      <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-06-21T09:30:00+09:00"}]}</script>`);
    expect(readArticleDate(doc)).toBe('2024-06-21');
  });

  it('falls back to meta tags, then to a <time> in the article', () => {
    expect(readArticleDate(head('<meta property="article:published_time" content="2024-06-21T10:00:00Z">'))).toBe('2024-06-21');
    const doc = head('');
    const time = doc.createElement('time');
    time.setAttribute('datetime', '2023-02-01');
    doc.querySelector('article')!.append(time);
    expect(readArticleDate(doc)).toBe('2023-02-01');
  });

  it('ignores malformed JSON-LD and implausible dates', () => {
    expect(readArticleDate(head('<script type="application/ld+json">{not json</script>'))).toBeUndefined();
    expect(toIsoDay('2024-13-01')).toBeUndefined();
    expect(toIsoDay('June 21, 2024')).toBeUndefined();
  });
});
