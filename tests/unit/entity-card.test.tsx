// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { EntityCard } from '../../components/EntityCard';
import type { EntityCardData } from '../../utils/shared/protocol';
import { entity } from './helpers/entities';

const putin: EntityCardData = {
  entity: entity({
    id: 'vladimir-putin',
    type: 'person',
    name: 'Vladimir Putin',
    description: 'President of Russia <img src=x onerror=alert(1)>',
    facts: [
      { label: 'Office', value: 'President of Russia', from: '2012-05-07', asOf: '2025-06-01', source: { title: 'Wikidata' } },
      { label: 'Earlier office', value: 'Prime Minister of Russia', from: '2008-05-08', to: '2012-05-07', asOf: '2025-06-01', source: { title: 'Wikidata' } },
    ],
    links: { wikidata: 'Q7747' },
  }),
  related: [
    { id: 'russia', type: 'country', name: 'Russia', description: '' },
    { id: 'kremlin', type: 'organization', name: 'Kremlin', description: '' },
  ],
  provenance: { source: 'Newslens default pack', kbVersion: '2026.11.29-abc', importedAt: '2026-11-29T09:00:00Z' },
};

const charter: EntityCardData = {
  entity: entity({
    id: 'un-charter',
    type: 'treaty',
    name: 'Charter of the United Nations',
    treaty: { status: 'in-force', signed: '1945-06-26', articles: [{ number: '51', kind: 'official', text: 'Nothing in the present Charter shall impair…' }] },
  }),
  related: [],
  provenance: { source: 'Newslens default pack', kbVersion: 'v', importedAt: '' },
};

function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  document.body.append(root);
  render(vnode, root);
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('EntityCard', () => {
  it('renders KB strings as text, never as markup', () => {
    const root = mount(<EntityCard data={putin} />);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.nl-card__desc')?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('[role], article')?.getAttribute('aria-labelledby')).toBe('nl-card-title-vladimir-putin');
  });

  it('reads facts as of the article date and marks related entities on the page', () => {
    const root = mount(<EntityCard data={putin} articleDate="2024-06-21" onPage={new Set(['russia'])} now={new Date('2026-11-29T12:00:00Z')} />);
    expect(root.textContent).toContain('As of the article’s date, 21 Jun 2024');
    const rows = [...root.querySelectorAll('.nl-card__row')].map((r) => r.getAttribute('data-timing'));
    expect(rows).toEqual(['held', 'earlier']);
    expect(root.querySelector('li[data-entity-id="russia"]')?.className).toBe('is-on-page');
    expect(root.querySelector('li[data-entity-id="kremlin"]')?.className).toBe('');
    expect(root.querySelector('.nl-card__foot')?.textContent).toContain('updated 3 h ago');
    expect(root.querySelector('a[href="https://www.wikidata.org/wiki/Q7747"]')?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows a cited treaty article, or says it is missing', () => {
    const cited = mount(<EntityCard data={charter} mention={{ article: '51', reason: { rule: 'treaty-article', matched: 'Article 51 of the UN Charter' }, alternatives: [] }} />);
    expect(cited.querySelector('.nl-card__article-text')?.textContent).toMatch(/^Nothing in the present Charter/);
    expect(cited.textContent).toContain('cites an article of this treaty');
    const missing = mount(<EntityCard data={charter} mention={{ article: '99', reason: { rule: 'treaty-article', matched: 'Article 99' }, alternatives: [] }} />);
    expect(missing.textContent).toContain('not in the knowledge base');
  });

  it('offers pin, close and corrections on a page', () => {
    const actions = { pinned: false, onPin: vi.fn(), onClose: vi.fn(), onNotAnEntity: vi.fn(), onPick: vi.fn() };
    const root = mount(
      <EntityCard
        data={putin}
        mention={{ reason: { rule: 'alias', matched: 'Putin' }, alternatives: ['someone-else'] }}
        alternatives={[{ id: 'someone-else', type: 'person', name: 'Someone Else', description: 'another Putin' }]}
        actions={actions}
      />,
    );
    const button = (label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(label) || b.getAttribute('aria-label') === label)!;
    button('Pin').click();
    button('Close card').click();
    button('Not an entity here').click();
    expect(actions.onPin).toHaveBeenCalledOnce();
    expect(actions.onClose).toHaveBeenCalledOnce();
    expect(actions.onNotAnEntity).toHaveBeenCalledOnce();
  });
});
