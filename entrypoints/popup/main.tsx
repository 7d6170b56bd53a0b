import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { i18n } from '#i18n';
import { PopupApp } from '../../components/PopupApp';

// The HTML <title> is only a fallback: extension pages get no __MSG_…__ substitution in HTML.
document.title = i18n.t('pageTitle.popup');
render(<PopupApp />, document.getElementById('app')!);
