/**
 * The default look of marks lives twice: in the stylesheet the browser injects with every page
 * (entrypoints/content-marks.content.css, so that the content script adopts none in the document)
 * and in `styleSheetText('underline')`, which open shadow roots adopt. They must not drift apart.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES } from '../../utils/shared/entity-types';
import { FOCUS_HIGHLIGHT, highlightName, styleSheetText } from '../../utils/page/highlight-marks';

/** Rules as `selector { declarations }` strings, comments and spacing aside. */
function rules(css: string): string[] {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('}')
    .map((rule) => rule.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('the injected marks stylesheet', () => {
  const injected = rules(readFileSync(resolve(import.meta.dirname, '../../entrypoints/content-marks.content.css'), 'utf8'));

  it('is what the content script would build for the underline style', () => {
    expect(injected).toEqual(rules(styleSheetText('underline')));
  });

  it('styles every entity type and the keyboard focus', () => {
    const names = injected.map((rule) => /::highlight\(([\w-]+)\)/.exec(rule)?.[1]);
    expect(names).toEqual([...ENTITY_TYPES.map(highlightName), FOCUS_HIGHLIGHT]);
  });

  it('is overridden by the background style, underline and all', () => {
    for (const rule of rules(styleSheetText('background')).slice(0, ENTITY_TYPES.length)) {
      expect(rule).toMatch(/background-color: .*text-decoration: none !important;/);
    }
  });
});
