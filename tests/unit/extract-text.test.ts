// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractBlocks, rangeFor, splitBlock } from '../../utils/page/extract-text';

function page(html: string) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...parsed.body.childNodes);
  return document.body;
}

describe('extractBlocks', () => {
  it('joins inline elements into one block and maps offsets back to DOM ranges', () => {
    const body = page('<p>Leader Kim <em>Jong</em> Un met <a href="#">Vladimir Putin</a>.</p><p>Second.</p>');
    const blocks = extractBlocks(body);
    expect(blocks.map((b) => b.text)).toEqual(['Leader Kim Jong Un met Vladimir Putin.', 'Second.']);
    const text = blocks[0]!.text;
    const start = text.indexOf('Kim');
    const range = rangeFor(blocks[0]!, start, start + 'Kim Jong Un'.length)!;
    expect(range.toString()).toBe('Kim Jong Un');
    expect(range.startContainer.textContent).toBe('Leader Kim ');
    expect(range.endContainer.textContent).toBe(' Un met ');
    const putin = text.indexOf('Vladimir');
    expect(rangeFor(blocks[0]!, putin, putin + 14)!.toString()).toBe('Vladimir Putin');
  });

  it('skips scripts, form fields, code, editable and hidden areas', () => {
    const body = page(`
      <p>Visible Russia.</p>
      <script>var Russia = 1;</script>
      <textarea>Russia in a form</textarea>
      <pre><code>Russia()</code></pre>
      <div contenteditable="true">Russia being edited</div>
      <div aria-hidden="true">Russia decorative</div>
      <div hidden>Russia hidden</div>`);
    expect(extractBlocks(body).map((b) => b.text.trim())).toEqual(['Visible Russia.']);
  });

  it('leaves out an excluded subtree (Newslens UI)', () => {
    const body = page('<p>Page text</p><newslens-ui><p>Card about Russia</p></newslens-ui>');
    const blocks = extractBlocks(body, { exclude: (el) => el.tagName === 'NEWSLENS-UI' });
    expect(blocks.map((b) => b.text)).toEqual(['Page text']);
  });
});

describe('splitBlock', () => {
  // A block over the background's limit is sent in parts (annotator.ts); a part's offsets must
  // map to the same words as the whole block's, across inline tags and text nodes cut in two.
  const body = () => page('<div>Leader Kim <em>Jong</em> Un met <a href="#">Vladimir Putin</a> in Pyongyang. Then he left.</div>');

  it('cuts at whitespace into parts no longer than the limit, losing no text', () => {
    const [block] = extractBlocks(body());
    const parts = splitBlock(block!, 16);
    expect(parts.map((p) => p.text)).toEqual(['Leader Kim Jong', ' Un met Vladimir', ' Putin in', ' Pyongyang. Then', ' he left.']);
    expect(parts.every((p) => p.text.length <= 16)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(block!.text);
  });

  it('maps every word of every part to its DOM range', () => {
    const [block] = extractBlocks(body());
    for (const part of splitBlock(block!, 16)) {
      for (const word of part.text.matchAll(/\S+/g)) {
        expect(rangeFor(part, word.index, word.index + word[0].length)!.toString()).toBe(word[0]);
      }
    }
  });

  it('cuts a word longer than the limit where it must, and leaves a short block as it is', () => {
    const [long] = extractBlocks(page('<p>Abcdefghij klm</p>'));
    expect(splitBlock(long!, 4).map((p) => p.text)).toEqual(['Abcd', 'efgh', 'ij', ' klm']);
    expect(splitBlock(long!, 14)).toEqual([long]);
  });
});
