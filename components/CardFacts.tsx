/**
 * The card's dated facts, read against the article's publication date when the page has one:
 * what held then, what has changed since, and what came later.
 */
import { i18n } from '#i18n';
import type { Fact } from '../utils/shared/kb-schema';
import { factTiming } from './fact-timing';
import { formatDate, formatSpan } from './format';

export function CardFacts({ facts, articleDate }: { facts: readonly Fact[]; articleDate?: string }) {
  if (facts.length === 0) return null;
  return (
    <section class="nl-card__facts-block" aria-label={i18n.t('card.keyFacts')}>
      {articleDate && <p class="nl-card__asof-head">{i18n.t('card.asOfArticle', [formatDate(articleDate)])}</p>}
      <dl class="nl-card__facts">
        {facts.map((fact, i) => (
          <FactRow key={i} fact={fact} articleDate={articleDate} />
        ))}
      </dl>
    </section>
  );
}

function FactRow({ fact, articleDate }: { fact: Fact; articleDate?: string }) {
  const timing = factTiming(fact, articleDate);
  const span = formatSpan(fact.from, fact.to);
  const outside = timing.kind === 'later' || timing.kind === 'earlier';
  // The KB only vouches for a fact up to the date it was last checked.
  const unconfirmed = articleDate && articleDate > fact.asOf && timing.kind === 'held';
  return (
    <div class={`nl-card__row${outside ? ' is-outside' : ''}`} data-timing={timing.kind}>
      <dt>{fact.label}</dt>
      <dd>
        {fact.value}
        {span && <span class="nl-card__span"> ({span})</span>}
        {timing.kind === 'changed-since' && <span class="nl-card__change"> · {i18n.t('card.changedSince')}</span>}
        {timing.kind === 'later' && <span class="nl-card__change"> · {i18n.t('card.afterArticle')}</span>}
        {timing.kind === 'earlier' && <span class="nl-card__change"> · {i18n.t('card.beforeArticle')}</span>}
        <span class="nl-card__asof" title={i18n.t('card.source', [fact.source.title])}>
          {' '}
          · {unconfirmed ? i18n.t('card.lastConfirmed') : i18n.t('card.asOf')} {formatDate(fact.asOf)}
        </span>
      </dd>
    </div>
  );
}
