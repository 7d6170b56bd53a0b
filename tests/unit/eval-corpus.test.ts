// The gold-annotated eval corpus (tests/fixtures/eval/) stays loadable and in step with the KB:
// every marker parses, every gold span lands in a visible block, every gold id is a KB record.
// Spotter quality itself is `npm run eval`'s report, not a test.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../utils/kb-build/load-sources';
import { installDomGlobals, loadArticle, type DomWindow } from '../../utils/eval/load-article';

const root = resolve(__dirname, '../..');
const corpus = resolve(root, 'tests/fixtures/eval');
const files = readdirSync(corpus).filter((f) => f.endsWith('.html')).sort();
const { records } = loadSources({ sourcesDir: resolve(root, 'kb/sources'), treatyTextsDir: resolve(root, 'kb/treaty-texts') });
const byId = new Map(records.map((r) => [r.id, r]));

describe('eval corpus', () => {
  // The same set-up as scripts/eval.ts: a happy-dom Window in plain Node.
  const happy = new Window();
  const win = happy as unknown as DomWindow;
  installDomGlobals(win);
  afterAll(() => happy.happyDOM.close());
  const articles = files.map((f) => loadArticle(f, readFileSync(resolve(corpus, f), 'utf8'), win));

  it('has at least twelve annotated articles', () => {
    expect(articles.length).toBeGreaterThanOrEqual(12);
    for (const a of articles) expect(a.gold.length, a.name).toBeGreaterThan(0);
  });

  it('links gold mentions only to entities the KB holds', () => {
    const unknown = articles.flatMap((a) =>
      a.gold.filter((g) => !byId.has(g.entityId)).map((g) => `${a.name}: "${a.blocks[g.block]!.slice(g.start, g.end)}" → ${g.entityId}`),
    );
    expect(unknown).toEqual([]);
  });

  it('cites articles and chapters only of treaties', () => {
    const wrong = articles.flatMap((a) =>
      a.gold.filter((g) => (g.article ?? g.chapter) !== undefined && byId.get(g.entityId)?.type !== 'treaty').map((g) => `${a.name}: ${g.entityId}`),
    );
    expect(wrong).toEqual([]);
  });
});
