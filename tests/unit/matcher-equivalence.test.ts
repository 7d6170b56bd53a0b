// The single-pass scanner and compiled matcher must give exactly what the reference regex
// tokenizer and token-array matcher give (tests/unit/helpers/reference-matcher.ts): on generated
// text full of the awkward cases, on the eval corpus and fixture pages with the real KB, and on
// bad input, which must never throw.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { compileIndex, loadCompiledIndex, type IndexableEntity } from '../../utils/matcher/compiled-index';
import { tokenize } from '../../utils/matcher/tokenize';
import { loadSources } from '../../utils/kb-build/load-sources';
import { installDomGlobals, loadArticle, type DomWindow } from '../../utils/eval/load-article';
import { referenceMatcher, referenceTokenize } from './helpers/reference-matcher';
import { prng } from '../../bench/synth';

const root = resolve(__dirname, '../..');

/** Pieces text is made of: words, the separators the rules care about, and awkward characters. */
const WORDS = [
  'Kim', 'Jong', 'un', 'Un', 'US', 'us', 'USB', 'ROK', 'Putin', 'putin', 'Zelenskyy', 'Zelenskyý', 'Kyiv', 'Kiev', 'O', 'Brien',
  'U', 'N', 'S', 'A', 'K', '155', 'mm', '9', 'NATO', 'Nato', 'Patriot', 'patriot', 'Cold', 'War', 'cold', 'war',
  'Владимир', 'Путин', 'ΟΔΟΣ', 'Σ', 'σ', 'İstanbul', 'ß', 'Straße', 'ﬁnal', 'Ａｂｃ', '한국', '北京', 'القدس', 'ירושלים', 'e\u0301te', 'é',
  '\u0301', '𝐀', '𝐁', '𝟏', '²', 'Ⅻ', 'x', 'South', 'Koreans', 'Treaty', 'of', 'the', 'Mutual', 'Defense', 'ʼ', 's',
];
const SEPARATORS = [' ', ' ', ' ', '-', '–', '—', '\u00a0', '\u2010', '\u2011', "'", '’', '‘', "'s ", '’s ', "' ", '.', '. ', ', ', '\n', '', '(', '"', '\ud800', '\udc00', '😀', '\t', '..'];

function randomText(r: () => number, words: number, from: readonly string[] = WORDS): string {
  let s = '';
  for (let i = 0; i < words; i++) {
    s += from[Math.floor(r() * from.length)]!;
    s += SEPARATORS[Math.floor(r() * SEPARATORS.length)]!;
  }
  return s;
}

/** Dotted abbreviations and possessives need their exact shapes, so some aliases are written out. */
const FIXED_ALIASES = ['U.N.', 'U.S.', 'Kim Jong Un', 'Kim Jong-un', 'South Koreans', 'US', 'O\'Brien', '155mm', 'Cold War', 'US–ROK Mutual Defense Treaty', 'Путин', 'Straße', 'Σ', '한국', 'ΟΔΟΣ'];

function randomKb(r: () => number, count: number, from: readonly string[] = WORDS): IndexableEntity[] {
  const out: IndexableEntity[] = [];
  for (let i = 0; i < count; i++) {
    const text = i < FIXED_ALIASES.length ? FIXED_ALIASES[i]! : randomText(r, 1 + Math.floor(r() * 3), from).trim();
    out.push({
      id: `e${i}`,
      type: 'term',
      name: text || 'x',
      aliases: [{ text: text || 'x', caseSensitive: r() < 0.3, needsContext: r() < 0.2 }],
      prominence: 0.5,
      relations: [],
      facts: [],
    });
  }
  // Several entities sharing an alias, with different flags.
  out.push({ id: 'shared-a', type: 'term', name: 'Mutual Defense Treaty', aliases: [], prominence: 0.5, relations: [], facts: [] });
  out.push({ id: 'shared-b', type: 'term', name: 'Mutual Defense Treaty', aliases: [{ text: 'mutual defense treaty', needsContext: true }], prominence: 0.5, relations: [], facts: [] });
  return out;
}

describe('scanner equivalence', () => {
  it('tokenizes generated text exactly like the reference tokenizer', () => {
    const r = prng(1);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(r, Math.floor(r() * 12));
      expect(tokenize(text), JSON.stringify(text)).toEqual(referenceTokenize(text));
    }
  });

  it('matches generated text exactly like the reference matcher', () => {
    const r = prng(2);
    const data = compileIndex(randomKb(r, 400));
    const fast = loadCompiledIndex(data).matcher;
    const reference = referenceMatcher(data);
    let matched = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(r, Math.floor(r() * 20));
      const expected = reference(text);
      matched += expected.length;
      expect(fast.match(text), JSON.stringify(text)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('matches like the reference when most words of the text are outside the vocabulary', () => {
    // The matcher settles every walk under way at a plain word outside the vocabulary without
    // buffering it; here aliases use a third of the words and the text all of them plus filler.
    const r = prng(6);
    const aliasWords = WORDS.filter((_, i) => i % 3 === 0);
    const textWords = [...WORDS, 'said', 'officials', 'on', 'Monday', 'talks', 'in', 'and', 'ALSO', 'Said'];
    const data = compileIndex(randomKb(r, 300, aliasWords));
    const fast = loadCompiledIndex(data).matcher;
    const reference = referenceMatcher(data);
    let matched = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(r, Math.floor(r() * 30), textWords);
      const expected = reference(text);
      matched += expected.length;
      expect(fast.match(text), JSON.stringify(text)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('gives the same tokens and matches on the eval corpus and fixture pages with the real KB', () => {
    const { records } = loadSources({ sourcesDir: resolve(root, 'kb/sources'), treatyTextsDir: resolve(root, 'kb/treaty-texts') });
    const data = compileIndex(records);
    const fast = loadCompiledIndex(data).matcher;
    const reference = referenceMatcher(data);
    const dirs = ['tests/fixtures/eval', 'tests/fixtures/pages'].map((d) => resolve(root, d));
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.html')).map((f) => resolve(d, f)));
    const happy = new Window();
    installDomGlobals(happy as unknown as DomWindow);
    const texts: string[] = [];
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      texts.push(html); // markup and all: plenty of punctuation
      if (file.includes('/eval/')) texts.push(...loadArticle(file, html, happy as unknown as DomWindow).blocks);
    }
    void happy.happyDOM.close();
    let matched = 0;
    for (const text of texts) {
      expect(tokenize(text)).toEqual(referenceTokenize(text));
      const expected = reference(text);
      matched += expected.length;
      expect(fast.match(text)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(500);
    // The whole KB and the reference tokenizer on every page: seconds when the machine is busy.
  }, 30_000);

  it('survives a structured clone and matches the same', () => {
    const r = prng(3);
    const data = compileIndex(randomKb(r, 200));
    const text = randomText(r, 400);
    expect(loadCompiledIndex(structuredClone(data)).matcher.match(text)).toEqual(referenceMatcher(data)(text));
  });
});

describe('bad input never throws', () => {
  const data = compileIndex(randomKb(prng(4), 300));
  const { matcher } = loadCompiledIndex(data);
  const reference = referenceMatcher(data);
  const cases: Record<string, string> = {
    empty: '',
    'only spaces and punctuation': ' \n\t—.,;:!?()[]{}"\'’ ',
    'lone surrogates': '\ud800 Kim \udc00Jong\ud800un \udfff\ud800',
    'Arabic (RTL)': 'قال الرئيس الروسي فلاديمير بوتين إن موسكو ستواصل دعم كوريا الشمالية. Kim Jong Un',
    'Hebrew (RTL)': 'ראש הממשלה אמר כי ירושלים תגיב. U.N. ו־NATO',
    'CJK': '金正恩在平壤会见了普京。北京表示关注。韩国和日本发表声明。 Kim Jong Un 한국어 텍스트',
    'mixed scripts without spaces': 'KimJongUnПутин北京القدسU.N.U.S.155mm’s',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`handles ${name}`, () => {
      expect(tokenize(text)).toEqual(referenceTokenize(text));
      expect(matcher.match(text)).toEqual(reference(text));
    });
  }

  it('handles an empty KB', () => {
    const empty = loadCompiledIndex(compileIndex([])).matcher;
    expect(empty.match('Kim Jong Un met U.N. officials in 北京')).toEqual([]);
    expect(empty.size).toBe(0);
  });

  it('handles 5 MB of text, with and without spaces', () => {
    const r = prng(5);
    let prose = '';
    while (prose.length < 5e6) prose += randomText(r, 1000);
    const words = prose.slice(0, 5e6);
    expect(() => matcher.match(words)).not.toThrow();
    expect(tokenize(words).length).toBeGreaterThan(100_000);
    const solid = 'Kimjongun'.repeat(600_000).slice(0, 5e6);
    expect(matcher.match(solid)).toEqual([]);
    expect(tokenize(solid)).toHaveLength(1);
    const digits = '1234567890'.repeat(500_000);
    expect(tokenize(digits)).toHaveLength(1);
  }, 60_000);
});

describe('the scanner passes over a start only when its walk certainly ends (pairMayGoOn)', () => {
  // Each case needs one of the pair check's escapes: a non-breaking space or en dash in the gap
  // (SPACE class, non-ASCII), a possible "U.N." as the second word, a non-ASCII letter right
  // after it. Removing any of them makes the fast matcher miss the alias.
  const cases: [string, string][] = [
    ['Blue U.N. Mission', 'The Blue U.N. Mission left.'],
    ['Kim Jong Un', 'Kim \u00a0Jong Un spoke.'],
    ['Kim Jong Un', 'Kim\u2013Jong Un spoke.'],
    ['Kim Jongé', 'Kim Jongé spoke.'],
  ];
  for (const [alias, text] of cases) {
    it(`finds ${JSON.stringify(alias)} in ${JSON.stringify(text)}`, () => {
      const data = compileIndex([{ id: 'm', type: 'term', name: alias, aliases: [], prominence: 0.5, relations: [], facts: [] }]);
      expect(referenceMatcher(data)(text)).toHaveLength(1);
      expect(loadCompiledIndex(data).matcher.match(text)).toEqual(referenceMatcher(data)(text));
    });
  }
});

describe('the fast path gives the reference results where its shortcuts apply', () => {
  // Each case goes through one shortcut of Scanner.nextWord: the pair check asked before the
  // vocabulary (a one-word alias must still be found: ALONE in the pair filter), the word after a
  // turned-down start reused, and possessives passed over without the general scanner.
  const cases: [string[], string, number][] = [
    [['Kim', 'Kim Jong Un'], 'Kim said so; Kim Jong Un did not.', 2],
    [['on Patrol Unit', 'Monday Accord'], 'It was signed on Monday Accord day, on Patrol Unit duty.', 2],
    [['on Patrol Unit', 'Monday Accord'], 'on Monday Accord', 1],
    [['Kim Jong Un', 'Putin'], "Kim Jong Un's visit and Putin’s reply, then Putin' and Putin's", 4],
    [['Putin', 'Kim Jong Un'], "Putin'sx Putin’sé Putin'é Kim's Jong Un O'Putin", 5],
    [["O'Brien", 'Brien'], "O'Brien's aide met Brien’s.", 2],
  ];
  for (const [aliases, text, count] of cases) {
    it(`${JSON.stringify(aliases)} in ${JSON.stringify(text)}`, () => {
      const data = compileIndex(aliases.map((name, i) => ({ id: `m${i}`, type: 'term' as const, name, aliases: [], prominence: 0.5, relations: [], facts: [] })));
      const expected = referenceMatcher(data)(text);
      expect(expected).toHaveLength(count);
      expect(loadCompiledIndex(data).matcher.match(text)).toEqual(expected);
    });
  }
});
