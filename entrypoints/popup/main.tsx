import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';

render(<PopupApp />, document.getElementById('app')!);
