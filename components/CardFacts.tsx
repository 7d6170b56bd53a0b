/**
 * The card's dated facts, read against the article's publication date when the page has one:
 * what held then, what has changed since, and what came later.
 */
import type { Fact } from '../utils/shared/kb-schema';
import { factTiming } from './fact-timing';
import { formatDate, formatSpan } from './format';

export function CardFacts({ facts, articleDate }: { facts: readonly Fact[]; articleDate?: string }) {
  if (facts.length === 0) return null;
  return (
    <section class="nl-card__facts-block" aria-label="Key facts">
      {articleDate && <p class="nl-card__asof-head">As of the article’s date, {formatDate(articleDate)}:</p>}
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
        {timing.kind === 'changed-since' && <span class="nl-card__change"> · has changed since the article</span>}
        {timing.kind === 'later' && <span class="nl-card__change"> · after the article</span>}
        {timing.kind === 'earlier' && <span class="nl-card__change"> · before the article</span>}
        <span class="nl-card__asof" title={`Source: ${fact.source.title}`}>
          {' '}
          · {unconfirmed ? 'last confirmed' : 'as of'} {formatDate(fact.asOf)}
        </span>
      </dd>
    </div>
  );
}
