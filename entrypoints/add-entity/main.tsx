import '../../components/entity-card.css';
import '../../components/pages.css';
import { render } from 'preact';
import { AddEntityForm } from '../../components/AddEntityForm';

const params = new URLSearchParams(location.search);
render(<AddEntityForm selected={params.get('text') ?? ''} />, document.getElementById('app')!);
