/**
 * The card that explains one entity: used by the in-page overlay (in a shadow root) and by the
 * popup's search results. Every KB and page string is rendered as text by Preact, never as HTML.
 */
import { i18n } from '#i18n';
import type { EntityCardData, EntitySummary, Mention } from '../utils/shared/protocol';
import type { TreatyArticle } from '../utils/shared/kb-schema';
import { CardCorrections, CardToolbar, type CardActionHandlers } from './CardActions';
import { CardFacts } from './CardFacts';
import { CardNotes, CardNotesFrame } from './CardNotes';
import { TYPE_LABELS, describeReason, formatAge, formatDate } from './format';

export interface EntityCardProps {
  data: EntityCardData;
  /** The mention the card was opened from, when it was opened from a page. */
  mention?: Pick<Mention, 'article' | 'reason' | 'alternatives'>;
  /** The page's publication date (YYYY-MM-DD): facts are read as of that day. */
  articleDate?: string;
  /** Entities also marked on the page: highlighted among the related ones. */
  onPage?: ReadonlySet<string>;
  /** Names of the mention's alternatives, for "Not this? Pick another". */
  alternatives?: readonly EntitySummary[];
  /** Page actions (pin, close, corrections); absent in the popup. */
  actions?: CardActionHandlers;
  /** Injectable clock for "imported N h ago". */
  now?: Date;
  /**
   * Show the reader's notes on this entity (add, edit, delete), loaded from the background:
   * 'inline' (or true) renders them in the card, for the extension's own pages; 'frame' renders
   * them as an extension page in an iframe, for the card on web pages, whose script could
   * otherwise read them and see what is typed (components/CardNotes.tsx).
   */
  notes?: boolean | 'inline' | 'frame';
}

export function EntityCard({ data, mention, articleDate, onPage, alternatives = [], actions, now, notes }: EntityCardProps) {
  const { entity, related, provenance } = data;
  const headingId = `nl-card-title-${entity.id}`;
  return (
    <article class="nl-card" aria-labelledby={headingId} data-entity-id={entity.id}>
      <header class="nl-card__head">
        <h2 id={headingId} class="nl-card__name">
          {entity.name}
        </h2>
        <span class={`nl-card__type nl-type-${entity.type}`}>{TYPE_LABELS[entity.type]}</span>
        {actions && <CardToolbar actions={actions} />}
      </header>
      <p class="nl-card__desc">{entity.description}</p>

      {mention?.article && <ArticleText number={mention.article} articles={entity.treaty?.articles ?? []} />}

      {entity.treaty && (
        <dl class="nl-card__facts">
          {entity.treaty.signed && <Row label={i18n.t('card.signed')} value={formatDate(entity.treaty.signed)} />}
          {entity.treaty.inForce && <Row label={i18n.t('card.inForce')} value={formatDate(entity.treaty.inForce)} />}
          <Row label={i18n.t('card.status')} value={entity.treaty.statusNote ?? entity.treaty.status.replace(/-/g, ' ')} />
        </dl>
      )}

      <CardFacts facts={entity.facts} articleDate={articleDate} />

      {related.length > 0 && (
        <section class="nl-card__related" aria-label={i18n.t('card.related')}>
          <h3>{i18n.t('card.related')}</h3>
          <ul>
            {related.slice(0, 10).map((r) => {
              const here = onPage?.has(r.id) ?? false;
              return (
                <li key={r.id} data-entity-id={r.id} class={here ? 'is-on-page' : ''} title={here ? i18n.t('card.alsoOnPage') : undefined}>
                  {r.name}
                  {here && <span class="nl-visually-hidden"> {i18n.t('card.alsoOnPageHidden')}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {mention && (
        <p class="nl-card__why">
          <strong>{i18n.t('card.why')}</strong>
          {describeReason(mention.reason)}
        </p>
      )}
      {actions && <CardCorrections actions={actions} alternatives={alternatives} />}
      {notes === 'frame' ? <CardNotesFrame entityId={entity.id} name={entity.name} onEscape={actions?.onClose} /> : notes && <CardNotes entityId={entity.id} />}

      <footer class="nl-card__foot">
        <span>
          {provenance.source} · {provenance.kbVersion}
          {provenance.importedAt && ` · ${i18n.t('card.updated', [formatAge(provenance.importedAt, now ?? new Date())])}`}
        </span>
        <span class="nl-card__links">
          {entity.links.wikipedia && (
            <a href={entity.links.wikipedia} target="_blank" rel="noopener noreferrer">
              {i18n.t('card.wikipedia')}
            </a>
          )}
          {entity.links.wikidata && (
            <a href={`https://www.wikidata.org/wiki/${entity.links.wikidata}`} target="_blank" rel="noopener noreferrer">
              {i18n.t('card.wikidata')}
            </a>
          )}
        </span>
      </footer>
    </article>
  );
}

function ArticleText({ number, articles }: { number: string; articles: readonly TreatyArticle[] }) {
  const article = articles.find((a) => a.number.toUpperCase() === number.toUpperCase());
  return (
    <section class="nl-card__article" aria-label={i18n.t('card.article', [number])}>
      <h3>{article?.title ? i18n.t('card.articleTitle', [number, article.title]) : i18n.t('card.article', [number])}</h3>
      {article ? (
        <>
          {article.kind === 'summary' && <p class="nl-card__note">{i18n.t('card.summaryNote')}</p>}
          <p class="nl-card__article-text">{article.text}</p>
        </>
      ) : (
        <p class="nl-card__note">{i18n.t('card.articleMissing')}</p>
      )}
    </section>
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
