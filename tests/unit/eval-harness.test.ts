import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { GoldMarkerError, normalizeArticle, parseGoldMarkers } from '../../utils/eval/gold-markers';
import { installDomGlobals, loadArticle, type DomWindow } from '../../utils/eval/load-article';
import { prf, score, type ScoredMention } from '../../utils/eval/score';
import { snippetOf } from '../../utils/eval/run-eval';

describe('parseGoldMarkers', () => {
  it('strips markers and records spans in the clean text', () => {
    const parsed = parseGoldMarkers('[[Putin|vladimir-putin]]\'s envoy met [[KCNA|kcna]] staff.');
    expect(parsed.text).toBe("Putin's envoy met KCNA staff.");
    expect(parsed.spans).toEqual([
      { start: 0, end: 5, entityId: 'vladimir-putin' },
      { start: 18, end: 22, entityId: 'kcna' },
    ]);
    expect(parsed.cuts).toEqual([
      [0, 2],
      [7, 24],
      [37, 39],
      [43, 50],
    ]);
  });

  it('reads treaty article references and normalises article lists', () => {
    const parsed = parseGoldMarkers('under [[Article 51 of the U.N. Charter|un-charter#51]] and [[Arts 2 and 51|un-charter#2+51]]');
    expect(parsed.text).toBe('under Article 51 of the U.N. Charter and Arts 2 and 51');
    expect(parsed.spans.map((s) => s.article)).toEqual(['51', '2,51']);
    expect(normalizeArticle('2 and 51')).toBe('2,51');
    expect(normalizeArticle('iv')).toBe('IV');
    expect(parseGoldMarkers('[[Chapter VII|un-charter#ch:vii]]').spans).toEqual([
      { start: 0, end: 11, entityId: 'un-charter', chapter: 'VII' },
    ]);
  });

  it('leaves text without markers alone, including a lone bar', () => {
    expect(parseGoldMarkers('World | Asia')).toEqual({ text: 'World | Asia', spans: [], cuts: [] });
    expect(parseGoldMarkers('')).toEqual({ text: '', spans: [], cuts: [] });
  });

  it.each([
    ['[[Putin', 'no "|entity-id]]"'],
    ['[[Putin|Vladimir Putin]]', 'bad target'],
    ['[[Putin|vladimir-putin]', 'bad target'],
    ['[[Kim [[Jong|x]]|kim-jong-un]]', 'nested'],
    ['stray]] here', 'without "[["'],
    ['[[|kcna]]', 'empty surface'],
    ['[[ KCNA|kcna]]', 'outer spaces'],
  ])('rejects malformed markup %j', (input, message) => {
    expect(() => parseGoldMarkers(input)).toThrow(GoldMarkerError);
    expect(() => parseGoldMarkers(input)).toThrow(message);
  });
});

describe('loadArticle', () => {
  // The same set-up as scripts/eval.ts: a happy-dom Window in plain Node.
  const happy = new Window();
  const win = happy as unknown as DomWindow;
  installDomGlobals(win);
  afterAll(() => happy.happyDOM.close());

  it('maps gold spans that wrap inline tags onto the extracted blocks', () => {
    const article = loadArticle(
      'tiny',
      '<h1>[[Seoul|south-korea]] Reacts</h1>' +
        '<p>Leader [[Kim <em>Jong</em> Un|kim-jong-un]] met <a href="#">[[Vladimir Putin|vladimir-putin]]</a>.</p>' +
        '<script>var x = "Russia";</script><p hidden>Russia hidden</p>',
      win,
    );
    expect(article.blocks).toEqual(['Seoul Reacts', 'Leader Kim Jong Un met Vladimir Putin.']);
    expect(article.gold).toEqual([
      { block: 0, start: 0, end: 5, entityId: 'south-korea' },
      { block: 1, start: 7, end: 18, entityId: 'kim-jong-un' },
      { block: 1, start: 23, end: 37, entityId: 'vladimir-putin' },
    ]);
  });

  it('refuses a gold span in hidden text or across blocks', () => {
    expect(() => loadArticle('hidden', '<p>Ok.</p><p hidden>[[Russia|russia]]</p>', win)).toThrow('not in one visible block');
    expect(() => loadArticle('split', '<p>[[North</p><p>Korea|north-korea]]</p>', win)).toThrow('not in one visible block');
    expect(() => loadArticle('typo', '<p>[[Russia|Russia]]</p>', win)).toThrow(/^typo: bad target/);
  });
});

describe('score', () => {
  const m = (over: Partial<ScoredMention>): ScoredMention => ({
    doc: 'a',
    block: 0,
    start: 0,
    end: 5,
    entityId: 'russia',
    type: 'country',
    ...over,
  });

  it('counts only exact span + entity + article agreement', () => {
    const gold = [
      m({}),
      m({ start: 10, end: 15, entityId: 'moscow', type: 'place' }),
      m({ start: 20, end: 60, entityId: 'un-charter', type: 'treaty', article: '51' }),
      m({ start: 70, end: 80, entityId: 'kcna', type: 'organization' }),
    ];
    const predicted = [
      m({}),
      m({ start: 10, end: 15, entityId: 'russia' }),
      m({ start: 20, end: 60, entityId: 'un-charter', type: 'treaty', article: '5' }),
      m({ start: 72, end: 80, entityId: 'kcna', type: 'organization' }),
      m({ start: 90, end: 95, entityId: 'chad' }),
      m({ doc: 'b' }),
    ];
    const report = score(gold, predicted);
    expect(report.overall).toMatchObject({ tp: 1, gold: 4, predicted: 6 });
    expect(report.overall.precision).toBeCloseTo(1 / 6);
    expect(report.overall.recall).toBeCloseTo(1 / 4);
    expect(report.byType.get('country')).toMatchObject({ tp: 1, gold: 1, predicted: 4 });
    expect(report.byType.get('place')).toMatchObject({ tp: 0, gold: 1, predicted: 0, precision: 1, recall: 0, f1: 0 });
    expect(report.misses.map((e) => e.diagnosis)).toEqual(['wrong-entity', 'wrong-article', 'boundary']);
    expect(report.falseMarks.map((e) => e.diagnosis)).toEqual(['wrong-entity', 'wrong-article', 'boundary', 'none', 'none']);
    expect(report.falseMarks[0]!.counterpart?.entityId).toBe('moscow');
  });

  it('tells cited chapters apart from articles', () => {
    const gold = [m({ entityId: 'un-charter', type: 'treaty', chapter: 'VII' })];
    expect(score(gold, [m({ entityId: 'un-charter', type: 'treaty', chapter: 'vii' })]).overall.tp).toBe(1);
    expect(score(gold, [m({ entityId: 'un-charter', type: 'treaty', article: 'VII' })]).misses[0]!.diagnosis).toBe('wrong-article');
  });

  it('compares article lists by their parts and ignores duplicates', () => {
    const gold = [m({ entityId: 'un-charter', type: 'treaty', article: '2,51' })];
    const predicted = [
      m({ entityId: 'un-charter', type: 'treaty', article: '2 and 51' }),
      m({ entityId: 'un-charter', type: 'treaty', article: '2+51' }),
    ];
    expect(score(gold, predicted).overall).toMatchObject({ tp: 1, gold: 1, predicted: 1, f1: 1 });
  });

  it('scores empty sides without dividing by zero', () => {
    expect(prf(0, 0, 0)).toEqual({ tp: 0, gold: 0, predicted: 0, precision: 1, recall: 1, f1: 1 });
    expect(prf(0, 3, 0)).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(score([], []).misses).toEqual([]);
  });
});

describe('snippetOf', () => {
  it('brackets the mention and elides long context', () => {
    expect(snippetOf('Moscow warned\nSeoul on Thursday.', 14, 19, 7)).toBe('…warned ⟦Seoul⟧ on Thu…');
    expect(snippetOf('Seoul', 0, 5)).toBe('⟦Seoul⟧');
  });
});
