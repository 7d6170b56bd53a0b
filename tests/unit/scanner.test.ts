// The scanner's fast word loop (`nextWord`, used by the compiled matcher) must read exactly the
// words `next()` reads, with the same fields and the vocabulary id `wordId` gives, whether it
// returns every word or only those that start an alias; and its filter must never drop a word.
import { describe, expect, it } from 'vitest';
import { DEAD_WORD, NO_WORD, Scanner, type WordLookup } from '../../utils/matcher/scanner';
import { StringTable } from '../../utils/matcher/string-table';
import { tokenize } from '../../utils/matcher/tokenize';
import { buildWordFilter, filterMayHave, filterShift, fnv1a } from '../../utils/matcher/word-filter';
import { prng } from '../../bench/synth';

const PIECES = [
  'Kim', 'Jong', 'un', 'US', 'U.S.', 'U.N.', 'A.', 'O', 'Brien', '155', 'mm', 'K9', 'Zelenskyý', 'Путин', 'ﬁnal', 'e\u0301te',
  'Straße', 'ΟΔΟΣ', '𝐀', 'NATO', 'nato', 'the', 'of', 'Treaty', 'x', 'Averyveryverylongwordthatnovocabularyholds',
];
const GAPS = [' ', ' ', '-', '–', '—', "'", '’', "'s ", '’s ', "' ", '. ', ', ', '\n', '', '\u00a0', '\ud800', '😀', '"'];

function randomText(r: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += PIECES[Math.floor(r() * PIECES.length)]! + GAPS[Math.floor(r() * GAPS.length)]!;
  return s;
}

/** A vocabulary of some piece keys, a few of them first words (firstNode >= 0). */
function lookup(r: () => number): WordLookup {
  const keys = [...new Set(PIECES.flatMap((p) => tokenize(p).map((t) => t.key)))].filter(() => r() < 0.7);
  const vocab = StringTable.build(keys);
  const firstNode = new Int32Array(vocab.size).map(() => (r() < 0.5 ? 1 : -1));
  const firsts = keys.filter((_, i) => firstNode[i]! >= 0);
  const firstFilter = buildWordFilter(firsts, firsts.length);
  return { vocab, firstNode, firstFilter, lowerFirstFilter: firstFilter, vocabFilter: buildWordFilter(keys, keys.length) };
}

interface Word {
  start: number;
  end: number;
  gap: number;
  kind: number;
  count: number;
  id: number;
}

function viaNext(scanner: Scanner, words: WordLookup, text: string): Word[] {
  const out: Word[] = [];
  scanner.reset(text);
  while (scanner.next()) out.push({ start: scanner.start, end: scanner.end, gap: scanner.gap, kind: scanner.kind, count: scanner.count, id: scanner.wordId(words.vocab) });
  return out;
}

function viaNextWord(scanner: Scanner, words: WordLookup, text: string, startsOnly: boolean): Word[] {
  const out: Word[] = [];
  scanner.reset(text);
  for (let id = scanner.nextWord(words, startsOnly); id !== NO_WORD; id = scanner.nextWord(words, startsOnly)) {
    out.push({ start: scanner.start, end: scanner.end, gap: scanner.gap, kind: scanner.kind, count: scanner.count, id });
  }
  return out;
}

describe('Scanner.nextWord', () => {
  it('reads the words next() reads, with the same fields and ids', () => {
    const r = prng(11);
    for (let round = 0; round < 40; round++) {
      const words = lookup(r);
      const scanner = new Scanner(words.vocab.maxLength());
      for (let i = 0; i < 100; i++) {
        const text = randomText(r, Math.floor(r() * 15));
        const expected = viaNext(scanner, words, text);
        expect(viaNextWord(scanner, words, text, false), JSON.stringify(text)).toEqual(expected);
        const starts = expected.filter((w) => w.id >= 0 && words.firstNode[w.id]! >= 0);
        expect(viaNextWord(scanner, words, text, true), JSON.stringify(text)).toEqual(starts);
      }
    }
  });

  it('with deadEnds, passes over plain words outside the vocabulary as DEAD_WORD and reads the rest alike', () => {
    const r = prng(14);
    let dead = 0;
    for (let round = 0; round < 20; round++) {
      const words = lookup(r);
      const scanner = new Scanner(words.vocab.maxLength());
      for (let i = 0; i < 100; i++) {
        const text = randomText(r, Math.floor(r() * 15));
        const expected = viaNext(scanner, words, text);
        const got: (Word | { count: number; id: number })[] = [];
        scanner.reset(text);
        for (let id = scanner.nextWord(words, false, true); id !== NO_WORD; id = scanner.nextWord(words, false, true)) {
          got.push(id === DEAD_WORD ? { count: scanner.count, id } : { start: scanner.start, end: scanner.end, gap: scanner.gap, kind: scanner.kind, count: scanner.count, id });
        }
        expect(got.length, JSON.stringify(text)).toBe(expected.length);
        got.forEach((word, k) => {
          if (word.id === DEAD_WORD) {
            dead++;
            expect(expected[k]!.id, JSON.stringify(text)).toBe(-1);
            expect(word.count).toBe(expected[k]!.count);
          } else expect(word, JSON.stringify(text)).toEqual(expected[k]);
        });
      }
    }
    expect(dead).toBeGreaterThan(500);
  });

  it('passes over a word without a capital that starts only aliases needing one (lowerFirstFilter)', () => {
    const vocab = StringTable.build(['had', 'kim', 'jong']);
    const firstNode = Int32Array.from([1, 1, -1]);
    const words: WordLookup = {
      vocab,
      firstNode,
      firstFilter: buildWordFilter(['had', 'kim'], 2),
      lowerFirstFilter: buildWordFilter(['kim'], 2),
      vocabFilter: buildWordFilter(['had', 'kim', 'jong'], 3),
    };
    const scanner = new Scanner(vocab.maxLength());
    const text = 'had HAD Had kim Kim jong, had';
    const starts = viaNextWord(scanner, words, text, true).map((w) => text.slice(w.start, w.end));
    expect(starts).toEqual(['HAD', 'Had', 'kim', 'Kim']);
    // Not only starts: every vocabulary word, whatever its case.
    expect(viaNextWord(scanner, words, text, false).map((w) => text.slice(w.start, w.end))).toEqual(text.split(/[ ,]+/));
  });

  it('can be mixed with next() on one text', () => {
    const r = prng(12);
    const words = lookup(r);
    const scanner = new Scanner(words.vocab.maxLength());
    const text = randomText(r, 400);
    const expected = viaNext(scanner, words, text);
    const got: Word[] = [];
    scanner.reset(text);
    for (;;) {
      let id: number;
      if (r() < 0.5) id = scanner.nextWord(words, false);
      else id = scanner.next() ? scanner.wordId(words.vocab) : NO_WORD;
      if (id === NO_WORD) break;
      got.push({ start: scanner.start, end: scanner.end, gap: scanner.gap, kind: scanner.kind, count: scanner.count, id });
    }
    expect(got).toEqual(expected);
  });
});

describe('word filter', () => {
  it('lets few other strings through (two bits per string in one word)', () => {
    const r = prng(15);
    const letters = () => Array.from({ length: 3 + Math.floor(r() * 8) }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
    const members = new Set(Array.from({ length: 20_000 }, letters));
    const filter = buildWordFilter([...members]);
    const shift = filterShift(filter);
    let others = 0;
    let passed = 0;
    while (others < 100_000) {
      const s = letters();
      if (members.has(s)) continue;
      others++;
      if (filterMayHave(filter, shift, fnv1a(s))) passed++;
    }
    // About 16 bits per string: ~1–2% (one bit per string let ~4–6% through).
    expect(passed / others).toBeLessThan(0.025);
  });

  it('keeps every word it was built from', () => {
    const r = prng(13);
    const letters = () => Array.from({ length: 2 + Math.floor(r() * 8) }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
    const strings = [...new Set(Array.from({ length: 5000 }, letters))];
    const filter = buildWordFilter(strings, strings.length);
    const vocab = StringTable.build(strings);
    const words: WordLookup = { vocab, firstNode: new Int32Array(vocab.size).fill(1), firstFilter: filter, lowerFirstFilter: filter, vocabFilter: filter };
    const scanner = new Scanner(vocab.maxLength());
    const text = strings.join(' ');
    expect(viaNextWord(scanner, words, text, true)).toHaveLength(strings.length);
  });
});
