import { describe, expect, it } from 'vitest';
import { tokenize } from '../../utils/matcher/tokenize';

const keys = (text: string) => tokenize(text).map((t) => t.key);

describe('tokenize', () => {
  it('folds case and diacritics', () => {
    expect(keys('Zelenskyý Kyiv')).toEqual(['zelenskyy', 'kyiv']);
  });

  it('drops possessives with straight and curly apostrophes', () => {
    expect(keys("Putin's plan")).toEqual(['putin', 'plan']);
    expect(keys('North Korea’s army')).toEqual(['north', 'korea', 'army']);
    expect(keys('the Koreas’ border')).toEqual(['the', 'koreas', 'border']);
    const [putin, plan] = tokenize("Putin's plan");
    expect(putin!.end).toBe(5);
    expect(plan!.gap).toBe('space');
  });

  it('reads dotted abbreviations as one token', () => {
    const [un] = tokenize('the U.N. said');
    expect(tokenize('the U.N. said').map((t) => t.surface)).toEqual(['the', 'UN', 'said']);
    expect(un!.key).toBe('the');
    const abbrev = tokenize('the U.N. said')[1]!;
    expect('the U.N. said'.slice(abbrev.start, abbrev.end)).toBe('U.N.');
  });

  it('splits letters from digits so 155mm, 155 mm and 155-mm agree', () => {
    expect(keys('155mm')).toEqual(['155', 'mm']);
    expect(keys('155 mm')).toEqual(['155', 'mm']);
    expect(keys('155-mm')).toEqual(['155', 'mm']);
    expect(tokenize('155mm')[1]!.gap).toBe('none');
  });

  it('treats hyphens like spaces and punctuation as a break', () => {
    expect(tokenize('Kim Jong-un').map((t) => t.gap)).toEqual(['break', 'space', 'space']);
    expect(tokenize('Kim, Jong').map((t) => t.gap)).toEqual(['break', 'break']);
  });

  it('joins words across an en dash like a hyphen, but not across an em dash', () => {
    // Deliberate change: "US–ROK Mutual Defense Treaty" used to split at the en dash.
    expect(tokenize('US–ROK Mutual').map((t) => t.gap)).toEqual(['break', 'space', 'space']);
    expect(tokenize('Seoul—Washington').map((t) => t.gap)).toEqual(['break', 'break']);
  });

  it('keeps an apostrophe inside a name and a possessive after an abbreviation apart', () => {
    expect(tokenize("O'Brien").map((t) => [t.key, t.gap])).toEqual([
      ['o', 'break'],
      ['brien', 'none'],
    ]);
    expect(keys("the U.S.'s allies")).toEqual(['the', 'us', 'allies']);
  });

  it('keeps Cyrillic words whole', () => {
    expect(keys('Владимир Путин')).toEqual(['владимир', 'путин']);
  });
});
