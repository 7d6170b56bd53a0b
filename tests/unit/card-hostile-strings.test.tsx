// @vitest-environment happy-dom
/**
 * Hostile KB strings (issue 5): a feed or an import file is not trusted, so every string a card
 * shows may be markup, script, a handler attribute, a `javascript:` link or a text-direction
 * trick. Each payload is put into every card field at once and rendered with the real EntityCard;
 * the card must have exactly the elements and attributes it has for harmless strings, run nothing,
 * and show the payload as the very characters it is. (tests/e2e/hostile-card.test.ts does the same
 * for a sample in the real extension's card in Chromium.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EntityCard } from '../../components/EntityCard';
import type { EntityCardData, EntitySummary, Mention } from '../../utils/shared/protocol';
import { EntityRecord, type Fact } from '../../utils/shared/kb-schema';

/** Every payload that manages to run sets this (on the window, and on the document element). */
const SENTINEL = '__nlPwned';
const run = `window.${SENTINEL}=1`;

export const HOSTILE_STRINGS: string[] = [
  // Script and markup
  `<script>${run}</script>`,
  `<SCRIPT SRC=//example.invalid/x.js></SCRIPT>`,
  `<script>/*</script><img src=x onerror=${run}>*/</script>`,
  `"><script>${run}</script>`,
  `'><script>${run}</script>`,
  `</h2><script>${run}</script><h2>`,
  `</p></article><img src=x onerror=${run}>`,
  `<img src=x onerror=${run}>`,
  `<img src="x" onerror="${run}">`,
  `<body onload=${run}>`,
  `<svg onload=${run}>`,
  `<svg><script>${run}</script></svg>`,
  `<svg><animate onbegin=${run} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${run}"><text x=20 y=20>click</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${run}>`,
  `<math href="javascript:${run}">CLICKME</math>`,
  `<iframe src="javascript:${run}"></iframe>`,
  `<iframe srcdoc="<script>parent.${SENTINEL}=1</script>"></iframe>`,
  `<object data="javascript:${run}"></object>`,
  `<embed src="data:text/html,<script>${run}</script>">`,
  `<a href="javascript:${run}">link</a>`,
  `<a href="  jAvAsCrIpT:${run}">link</a>`,
  `<form action="javascript:${run}"><button>go</button></form>`,
  `<input autofocus onfocus=${run}>`,
  `<details open ontoggle=${run}>`,
  `<video><source onerror=${run}></video>`,
  `<marquee onstart=${run}>`,
  `<div style="background:url(javascript:${run})">`,
  `<div onmouseover="${run}">hover</div>`,
  `<button onclick="${run}">Pin</button>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run}">`,
  `<base href="javascript:${run}//">`,
  `<link rel=import href="data:text/html,<script>${run}</script>">`,
  `<template><img src=x onerror=${run}></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${run}>">`,
  `<style>*{background:url("javascript:${run}")}</style>`,
  `<style>@import 'https://example.invalid/x.css';</style>`,
  `<!--<img src=x onerror=${run}>-->`,
  `<![CDATA[<script>${run}</script>]]>`,
  `<x onclick=${run}>click`,
  // URLs
  `javascript:${run}`,
  `JaVaScRiPt:${run}`,
  ` javascript:${run}`,
  `javascript&#58;${run}`,
  `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  `data:image/svg+xml,<svg onload=${run}>`,
  `vbscript:msgbox(1)`,
  // Entities and escapes
  `&lt;script&gt;${run}&lt;/script&gt;`,
  `&#60;img src=x onerror=${run}&#62;`,
  `&amp;lt;b&amp;gt;`,
  `\\u003cscript\\u003e${run}\\u003c/script\\u003e`,
  `%3Cscript%3E${run}%3C%2Fscript%3E`,
  // Template and style injection
  `{{constructor.constructor('${run}')()}}`,
  `\${${run}}`,
  `<%= ${run} %>`,
  `{{7*7}} #{7*7} [[7*7]]`,
  `$1 $2 $$ $&`,
  `expression(${run})`,
  `}</style><style>body{display:none}`,
  `" style="position:fixed;inset:0;z-index:2147483647" x="`,
  `' onmouseover='${run}' x='`,
  `" onfocus="${run}" autofocus="`,
  // Text-direction and invisible characters
  `\u202Eevil\u202C moc.elpmaxe`,
  `\u2066abc\u2069\u200F\u200E`,
  `\u200B\u200C\u200D\uFEFF zero width`,
  `Zalgo z\u0351\u0352\u0357a\u0358l\u0359g\u035Ao`,
  `line\nbreak\r\nand\ttab`,
  `\u0000nul byte`,
  `😀 emoji 𝕏 astral \uD83D`,
  // Very long
  `<script>${run}</script>`.repeat(400),
  'A'.repeat(100_000),
  `${'<b>'.repeat(2000)}deep${'</b>'.repeat(2000)}`,
];

/** Every string field a card can show, set to `s` (links and ids stay valid: they are checked separately). */
function cardData(s: string, links: EntityRecord['links'] = { wikipedia: 'https://en.wikipedia.org/wiki/Example', wikidata: 'Q1' }): EntityCardData {
  const fact = (label: string, value: string): Fact => ({ label, value, from: '2020-01-01', asOf: '2025-06-01', source: { title: s } });
  const entity: EntityRecord = {
    id: 'hostile-entity',
    type: 'treaty',
    name: s,
    description: s,
    aliases: [{ text: s }],
    facts: [fact(s, s), fact(`${s} (2)`, `${s} (2)`)],
    relations: [],
    links,
    treaty: {
      status: 'in-force',
      statusNote: s,
      signed: '1945-06-26',
      parties: [],
      articles: [{ number: '51', title: s, kind: 'official', text: s }],
    },
    prominence: 0.5,
    sources: [{ title: s }],
    checked: '2026-11-29',
  };
  return {
    entity,
    related: [
      { id: 'related-one', type: 'country', name: s, description: s },
      { id: 'related-two', type: 'person', name: `${s} (2)`, description: s },
    ],
    provenance: { source: s, kbVersion: s, importedAt: '2026-11-29T09:00:00Z' },
  };
}

const mention = (s: string): Pick<Mention, 'article' | 'reason' | 'alternatives'> => ({
  article: '51',
  reason: { rule: 'context', matched: s, supportedBy: [s, s] },
  alternatives: ['alt-one'],
});
const alternatives = (s: string): EntitySummary[] => [{ id: 'alt-one', type: 'person', name: s, description: s }];
const actions = { pinned: false, onPin() {}, onClose() {}, onNotAnEntity() {}, onPick() {} };

function mount(s: string, links?: EntityRecord['links']): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(
    <EntityCard
      data={cardData(s, links)}
      mention={mention(s)}
      articleDate="2024-06-21"
      onPage={new Set(['related-one'])}
      alternatives={alternatives(s)}
      actions={actions}
      now={new Date('2026-11-29T12:00:00Z')}
    />,
    root,
  );
  // Open "Not this? pick another" so the alternatives' names and descriptions are rendered too.
  const pick = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Pick another'));
  // act() flushes the re-render synchronously (it returns a promise only for async callbacks).
  void act(() => pick?.click());
  return root;
}

const pick = (root: Element) => root.querySelector('.nl-card__alternatives') !== null;

/** The card's shape: every element's tag and attribute names, in document order. */
function shape(root: Element): string[] {
  return [...root.querySelectorAll('*')].map((el) => `${el.tagName}[${el.getAttributeNames().sort().join(',')}]`);
}

function pwned(): boolean {
  return (window as unknown as Record<string, unknown>)[SENTINEL] !== undefined || document.documentElement.hasAttribute('data-pwned');
}

/** Fires what could wake a handler attribute, had one been created. */
function poke(root: Element): void {
  for (const el of root.querySelectorAll('*')) {
    for (const type of ['click', 'mouseover', 'focus', 'load', 'error', 'toggle', 'animationstart']) {
      el.dispatchEvent(new Event(type, { bubbles: false }));
    }
  }
}

afterEach(() => {
  document.body.replaceChildren();
  delete (window as unknown as Record<string, unknown>)[SENTINEL];
});

describe('hostile KB strings in every card field', () => {
  it('has at least 50 payloads', () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(50);
  });

  // The card as it is with a harmless string (with the same length class: a long name changes nothing structural).
  const expected = () => {
    const root = mount('harmless');
    const s = shape(root);
    root.remove();
    return s;
  };

  it.each(HOSTILE_STRINGS.map((s, i) => [i, s.length > 60 ? `${s.slice(0, 57)}…` : s, s] as const))(
    'payload %i renders as inert text: %s',
    (_i, _label, payload) => {
      const baseline = expected();
      const root = mount(payload);
      // No element or attribute comes from the payload: the card has exactly its usual shape.
      const got = shape(root);
      expect(got.length, 'element count').toBe(baseline.length);
      expect(got.filter((el, i) => el !== baseline[i]).slice(0, 5), 'elements/attributes that differ').toEqual([]);
      expect(root.querySelectorAll('script, iframe, object, embed, img, svg, math, style, link, meta, base, form, input, template')).toHaveLength(0);
      for (const el of root.querySelectorAll('*')) {
        for (const name of el.getAttributeNames()) expect(name.startsWith('on'), `${el.tagName} has ${name}`).toBe(false);
      }
      // Links point where the card's own code says, never at the payload.
      for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https:\/\//);
      // Nothing ran, even when poked.
      poke(root);
      expect(pwned()).toBe(false);
      // The payload is shown as the very characters it is, in each text field.
      const text = root.textContent ?? '';
      const occurrences = text.split(payload).length - 1;
      expect(pick(root), 'alternatives list opened').toBe(true);
      // name, description, status note, article title, article text, 2 fact labels, 2 fact values,
      // 2 related names, provenance source and version, why-this-match (matched + 2 supporters),
      // alternative name and description: at least 15 times (labels and names repeat the payload).
      expect(occurrences).toBeGreaterThanOrEqual(15);
      // (Compared as booleans: a failure must not print a 100,000-character payload.)
      for (const selector of ['.nl-card__name', '.nl-card__desc', '.nl-card__article-text', '.nl-card__alternatives button', '.nl-card__alternatives .nl-card__note']) {
        expect(root.querySelector(selector)?.textContent === payload, `${selector} shows the payload verbatim`).toBe(true);
      }
      // Attribute values hold it as a plain value (the fact's source in the "as of" tooltip).
      const titles = [...root.querySelectorAll('[title]')].map((el) => el.getAttribute('title') ?? '');
      expect(titles.some((t) => t.includes(payload)), 'a title attribute holds the payload').toBe(true);
    },
  );
});

describe('hostile link URLs', () => {
  const HOSTILE_URLS = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ];
  const record = (wikipedia: string) =>
    EntityRecord.safeParse({ id: 'x', type: 'person', name: 'X', description: 'X.', sources: [{ title: 't', url: wikipedia }], checked: '2026-11-29', links: { wikipedia, official: wikipedia } });

  it('wikidata links are built from a checked id, never from a string', () => {
    expect(EntityRecord.shape.links.safeParse({ wikidata: 'javascript:alert(1)' }).success).toBe(false);
    expect(EntityRecord.shape.links.safeParse({ wikidata: 'Q1" onclick="x' }).success).toBe(false);
  });

  // zod's z.url() alone accepts any scheme; the schema's WebUrl admits http(s) only, so a feed or
  // import record with links.wikipedia = "javascript:…" is rejected before it can reach a card.
  it('a non-http(s) link URL is rejected by the schema or never rendered as a link', () => {
    for (const url of HOSTILE_URLS) {
      const root = mount('harmless', { wikipedia: url, wikidata: 'Q1' });
      const rendered = [...root.querySelectorAll('a')].some((a) => a.getAttribute('href') === url);
      root.remove();
      expect(record(url).success && rendered, `${url} passes the schema and is rendered as a link`).toBe(false);
    }
    expect(record('https://en.wikipedia.org/wiki/X').success).toBe(true);
  });
});
