// The treaty-text cleaner: each flaw of the raw conversion is repaired by a general rule.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  cleanParagraph,
  parseRawTreaty,
  parseWordList,
  splitJoinedToken,
} from '../../utils/kb-build/clean-treaty-text';

const root = resolve(__dirname, '../..');
const words = parseWordList(readFileSync(resolve(root, 'utils/kb-build/data/english-words.txt'), 'utf8'));
const small = new Set(['determined', 'to', 'save', 'and', 'the', 'being', 'of', 'whereof', 'where', 'by']);

describe('splitJoinedToken', () => {
  it('splits a non-word at a join with a function word', () => {
    expect(splitJoinedToken('determinedto', small)).toBe('determined to');
    expect(splitJoinedToken('andto', small)).toBe('and to');
  });

  it('leaves real words alone even if they look like two words', () => {
    expect(splitJoinedToken('whereof', small)).toBe('whereof');
    expect(splitJoinedToken('save', small)).toBe('save');
  });

  it('leaves unknown words alone when no split is made of two words', () => {
    expect(splitJoinedToken('plenipotentiaries', small)).toBe('plenipotentiaries');
  });
});

describe('cleanParagraph', () => {
  it('separates list markers from their text', () => {
    expect(cleanParagraph('1.To maintain peace', small)).toBe('1. To maintain peace');
    expect(cleanParagraph('(a)Killing members', small)).toBe('(a) Killing members');
    expect(cleanParagraph('a.promoting cooperation', small)).toBe('a. promoting cooperation');
    expect(cleanParagraph('2.  Each State', small)).toBe('2. Each State');
  });

  it('restores spaces after punctuation but keeps abbreviations', () => {
    expect(cleanParagraph('extradition.The Parties,Having met;Recognizing', small)).toBe(
      'extradition. The Parties, Having met; Recognizing',
    );
    expect(cleanParagraph('article XI.The present', small)).toBe('article XI. The present');
    expect(cleanParagraph('the U.S.A. and the U.N. agree', small)).toBe('the U.S.A. and the U.N. agree');
  });

  it('splits words run together at a line join', () => {
    expect(cleanParagraph('peoples determinedto save', small)).toBe('peoples determined to save');
    expect(cleanParagraph('humanity; andBeing convinced', small)).toBe('humanity; and Being convinced');
  });

  it('restores lost hyphens with the official spelling', () => {
    expect(cleanParagraph('collective selfdefense if', small)).toBe('collective self-defence if');
    expect(cleanParagraph('Selfdefense', small)).toBe('Self-defence');
    expect(cleanParagraph('all peaceloving states', small)).toBe('all peace-loving states');
  });

  it('replaces a stray Dutch word', () => {
    expect(cleanParagraph('relations bij strengthening', small)).toBe('relations by strengthening');
  });

  it('drops Markdown links and emphasis, and a stray stop before a cross-reference', () => {
    expect(cleanParagraph('under the [Charter of the United Nations](../x/README.md) as', small)).toBe(
      'under the Charter of the United Nations as',
    );
    expect(cleanParagraph('a *procès-verbal* and (*a*) source', small)).toBe('a procès-verbal and (a) source');
    expect(cleanParagraph('referred to in. Article 43, by', small)).toBe('referred to in Article 43, by');
  });
});

describe('parseRawTreaty', () => {
  const raw = [
    "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />",
    '',
    '##Handvest van de Verenigde Naties',
    '',
    '####Charter of the United Nations',
    '',
    'We the peoples determinedto save.',
    '### CHAPTER  VII ',
    '',
    '####Action with respect to threats to the peace',
    '',
    '### Article  51  ',
    '',
    'Nothing shall impair the right of selfdefense.',
    '',
    '### Article  IV  ',
    '',
    '1.  First.   ',
    '2.  Second.',
    '',
    '####Handvest van de Verenigde Naties',
    '',
    '### Artikel  51  ',
    '',
    'Geen enkele bepaling bij dit Handvest.',
  ].join('\n');

  it('keeps only the English articles, with chapters, numbers as printed and no preamble', () => {
    const { articles } = parseRawTreaty(raw, { words });
    expect(articles.map((a) => a.number)).toEqual(['51', 'IV']);
    expect(articles[0]).toEqual({
      number: '51',
      kind: 'official',
      text: 'Nothing shall impair the right of self-defence.',
      chapter: 'Chapter VII: Action with respect to threats to the peace',
    });
    expect(articles[1]!.text).toBe('1. First.\n\n2. Second.');
    expect(JSON.stringify(articles)).not.toMatch(/Handvest|Artikel|meta|peoples/);
  });

  // The raw texts live in the shared folder beside the repository (present in CI and on the
  // team's machines); the cleaned output is committed, so a lone clone skips this check.
  const rawCharter = resolve(root, '../shared/data/treaties/un-charter.raw.md');
  it.skipIf(!existsSync(rawCharter))('cleans the real UN Charter: Article 51 and numbering', () => {
    const text = readFileSync(rawCharter, 'utf8');
    const { articles } = parseRawTreaty(text, { words });
    expect(articles.map((a) => a.number)).toEqual(Array.from({ length: 111 }, (_, i) => String(i + 1)));
    const a51 = articles.find((a) => a.number === '51')!;
    expect(a51.text).toMatch(
      /^Nothing in the present Charter shall impair the inherent right of individual or collective self-defence if an armed attack occurs/,
    );
  });
});
