import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';

render(<OptionsApp />, document.getElementById('app')!);
