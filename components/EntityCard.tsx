/**
 * The card that explains one entity: used by the in-page overlay (in a shadow root) and by the
 * popup's search results. Every KB and page string is rendered as text by Preact, never as HTML.
 */
import type { EntityCardData, Mention } from '../utils/shared/protocol';
import type { Fact, TreatyArticle } from '../utils/shared/kb-schema';
import { TYPE_LABELS, describeReason, formatDate, formatSpan } from './format';

export interface EntityCardProps {
  data: EntityCardData;
  /** The mention the card was opened from, when it was opened from a page. */
  mention?: Pick<Mention, 'article' | 'reason' | 'alternatives'>;
}

export function EntityCard({ data, mention }: EntityCardProps) {
  const { entity, related, provenance } = data;
  const article = mention?.article ? findArticle(entity.treaty?.articles ?? [], mention.article) : undefined;
  const headingId = `nl-card-title-${entity.id}`;
  return (
    <article class="nl-card" aria-labelledby={headingId} data-entity-id={entity.id}>
      <header class="nl-card__head">
        <h2 id={headingId} class="nl-card__name">
          {entity.name}
        </h2>
        <span class={`nl-card__type nl-type-${entity.type}`}>{TYPE_LABELS[entity.type]}</span>
      </header>
      <p class="nl-card__desc">{entity.description}</p>

      {mention?.article && (
        <section class="nl-card__article" aria-label={`Article ${mention.article}`}>
          <h3>Article {mention.article}</h3>
          {article ? (
            <>
              {article.kind === 'summary' && <p class="nl-card__note">Summary in our words, not the official text.</p>}
              <p class="nl-card__article-text">{article.text}</p>
            </>
          ) : (
            <p class="nl-card__note">The text of this article is not in the knowledge base.</p>
          )}
        </section>
      )}

      {entity.treaty && (
        <dl class="nl-card__facts">
          {entity.treaty.signed && <Row label="Signed" value={formatDate(entity.treaty.signed)} />}
          {entity.treaty.inForce && <Row label="In force" value={formatDate(entity.treaty.inForce)} />}
          <Row label="Status" value={entity.treaty.statusNote ?? entity.treaty.status.replace(/-/g, ' ')} />
        </dl>
      )}

      {entity.facts.length > 0 && (
        <dl class="nl-card__facts">
          {entity.facts.map((f, i) => (
            <FactRow key={i} fact={f} />
          ))}
        </dl>
      )}

      {related.length > 0 && (
        <section class="nl-card__related" aria-label="Related">
          <h3>Related</h3>
          <ul>
            {related.slice(0, 8).map((r) => (
              <li key={r.id} data-entity-id={r.id}>
                {r.name}
              </li>
            ))}
          </ul>
        </section>
      )}

      {mention && (
        <p class="nl-card__why">
          <strong>Why this match: </strong>
          {describeReason(mention.reason)}
        </p>
      )}

      <footer class="nl-card__foot">
        <span>
          {provenance.source} · {provenance.kbVersion}
        </span>
        <span class="nl-card__links">
          {entity.links.wikipedia && (
            <a href={entity.links.wikipedia} target="_blank" rel="noopener noreferrer">
              Wikipedia
            </a>
          )}
          {entity.links.wikidata && (
            <a href={`https://www.wikidata.org/wiki/${entity.links.wikidata}`} target="_blank" rel="noopener noreferrer">
              Wikidata
            </a>
          )}
        </span>
      </footer>
    </article>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div class="nl-card__row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function FactRow({ fact }: { fact: Fact }) {
  const span = formatSpan(fact.from, fact.to);
  return (
    <div class="nl-card__row">
      <dt>{fact.label}</dt>
      <dd>
        {fact.value}
        {span && <span class="nl-card__span"> ({span})</span>}
        <span class="nl-card__asof" title={`Source: ${fact.source.title}`}>
          {' '}
          · as of {formatDate(fact.asOf)}
        </span>
      </dd>
    </div>
  );
}

function findArticle(articles: readonly TreatyArticle[], number: string): TreatyArticle | undefined {
  return articles.find((a) => a.number.toUpperCase() === number.toUpperCase());
}
