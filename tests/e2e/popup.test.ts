/** The toolbar popup, opened in a tab: search the KB from the keyboard and open a card. */
import { describe, expect, it } from 'vitest';
import { useNewslens } from './support/session';

const session = useNewslens();

describe('popup search', () => {
  it('finds "Maria Zakharova" and opens her card with Enter', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const search = popup.getByLabel('Search');
    await search.pressSequentially('Zakharova');

    const result = popup.getByRole('option', { name: /Maria Zakharova/ });
    await result.first().waitFor({ state: 'visible' });
    expect(await popup.getByRole('listbox', { name: 'Results' }).getByRole('option').first().textContent()).toContain('Maria Zakharova');

    await search.press('Enter');
    const card = popup.locator('article.nl-card');
    await card.waitFor({ state: 'visible' });
    expect(await card.getAttribute('data-entity-id')).toBe('maria-zakharova');
    expect(await card.locator('.nl-card__name').textContent()).toBe('Maria Zakharova');
    await popup.close();
  });
});
