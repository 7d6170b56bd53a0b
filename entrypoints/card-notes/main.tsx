/**
 * The notes frame: the reader's notes on one entity (components/CardNotes.tsx), as an extension
 * page that the card on a web page embeds in an iframe (CardNotesFrame). The page around it
 * cannot read this document (another origin) nor receive the key events typed into it.
 *
 * It is web-accessible to web pages (wxt.config.ts), so a page could embed it too, with any id:
 * it would show the reader's notes to the reader, but the page can read nothing from it. What
 * it tells its parent is its content height, nothing else. The id comes from the URL, which a page
 * controls: it is checked before it is used.
 */
import '../../components/entity-card.css';
import './style.css';
import { render } from 'preact';
import { i18n } from '#i18n';
import { CardNotes, NOTES_ESCAPE_MESSAGE, NOTES_HEIGHT_MESSAGE, isEntityId } from '../../components/CardNotes';

const id = new URLSearchParams(location.search).get('id') ?? '';
// The HTML <title> is only a fallback: extension pages get no __MSG_…__ substitution in HTML.
document.title = i18n.t('card.notes.title');

// `.nl-card` gives the notes the card's type and link styles (entity-card.css); the theme
// (light/dark) follows prefers-color-scheme through `.nl-theme` on <body>, as the card's :host does.
if (isEntityId(id)) {
  render(
    <div class="nl-card">
      <CardNotes entityId={id} />
    </div>,
    document.getElementById('app')!,
  );
}

// The card sizes the frame to its content (up to a maximum, beyond which it scrolls in here).
// '*': the parent is whatever page the card is on, and a height is all it learns.
let reported = -1;
new ResizeObserver(() => {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === reported) return;
  reported = height;
  window.parent.postMessage({ type: NOTES_HEIGHT_MESSAGE, height }, '*');
}).observe(document.body);

// Escape closes the card, as it does from the card's own buttons: the page's listener that does
// that never hears keys typed in here, so the card is told (that Escape was pressed, nothing else).
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !event.defaultPrevented) window.parent.postMessage({ type: NOTES_ESCAPE_MESSAGE }, '*');
});
