import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { i18n } from '#i18n';
import { AddEntityForm } from '../../components/AddEntityForm';

const params = new URLSearchParams(location.search);
// The HTML <title> is only a fallback: extension pages get no __MSG_…__ substitution in HTML.
document.title = i18n.t('pageTitle.addEntity');
render(<AddEntityForm selected={params.get('text') ?? ''} />, document.getElementById('app')!);
