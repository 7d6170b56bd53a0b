// @vitest-environment happy-dom
/**
 * The mutation watcher (utils/page/watch-mutations.ts): what it reports after a frame of page
 * changes. Removals are reported too, so that the marks of removed text are dropped (a live range
 * does not go away with its text: see isDead in highlight-marks.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { watchMutations, type PageChanges } from '../../utils/page/watch-mutations';

let controller: AbortController;

/** Watches the body; resolves to what was reported once a frame has passed. */
function watch(ignore: (el: Element) => boolean = () => false) {
  controller = new AbortController();
  const reports: PageChanges[] = [];
  watchMutations(document.body, { ignore, signal: controller.signal }, (changes) => reports.push(changes));
  return {
    reports,
    nextFrame: () => new Promise((resolve) => setTimeout(resolve, 50)),
  };
}

const ids = (changes: PageChanges | undefined) => changes?.changed.map((n) => (n as Element).id || n.nodeName);

afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

describe('watchMutations', () => {
  it('reports added content, outermost subtrees only, once per frame', async () => {
    document.body.innerHTML = '<div id="feed"></div>';
    const { reports, nextFrame } = watch();
    const entry = document.createElement('article');
    entry.id = 'entry';
    document.querySelector('#feed')!.append(entry);
    entry.innerHTML = '<p id="inner">Putin spoke.</p>';
    await nextFrame();
    expect(reports.map(ids)).toEqual([['entry']]);
    expect(reports[0]!.removed).toBe(false);
  });

  it('reports a removed entry, with nothing to read again (review: stale marks)', async () => {
    document.body.innerHTML = '<div id="feed"><p id="a">Putin spoke.</p><p id="b">Zelensky replied.</p></div>';
    const { reports, nextFrame } = watch();
    document.querySelector('#a')!.remove();
    await nextFrame();
    expect(reports).toEqual([{ changed: [], removed: true }]);
  });

  it('reads a paragraph again when text or an inline element is taken out of it', async () => {
    document.body.innerHTML = '<p id="a">Kim <b>Jong</b> Un met <span>them</span>.</p>';
    const { reports, nextFrame } = watch();
    const p = document.querySelector('#a')!;
    p.querySelector('b')!.remove();
    p.firstChild!.remove();
    await nextFrame();
    expect(reports.map(ids)).toEqual([['a']]);
    expect(reports[0]!.removed).toBe(true);
  });

  it('reports a re-rendered paragraph as removed and added in one report', async () => {
    document.body.innerHTML = '<div id="feed"><p id="a">Putin spoke.</p></div>';
    const { reports, nextFrame } = watch();
    const old = document.querySelector('#a')!;
    old.replaceWith(old.cloneNode(true));
    await nextFrame();
    expect(reports.map(ids)).toEqual([['a']]);
    expect(reports[0]!.removed).toBe(true);
  });

  it('ignores removals inside Newslens’ own UI and editable areas', async () => {
    document.body.innerHTML = '<newslens-ui><p id="card">Card</p></newslens-ui><div contenteditable="true"><p id="draft">Draft</p></div>';
    const { reports, nextFrame } = watch((el) => el.tagName === 'NEWSLENS-UI');
    document.querySelector('#card')!.remove();
    document.querySelector('#draft')!.remove();
    await nextFrame();
    expect(reports).toEqual([]);
  });
});
