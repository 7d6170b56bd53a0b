import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { i18n } from '#i18n';
import { OptionsApp } from '../../components/OptionsApp';

// The HTML <title> is only a fallback: extension pages get no __MSG_…__ substitution in HTML.
document.title = i18n.t('pageTitle.options');
render(<OptionsApp />, document.getElementById('app')!);
