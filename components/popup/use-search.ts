/**
 * The popup's search state: the query, the type filter and the hits of the latest keystroke
 * (answers can arrive out of order; only the reply to the latest request is kept).
 *
 * On opening, an empty search warms the background's index. Its answer comes once the whole index
 * is loaded; keystrokes before that are answered from the index's head (the most prominent
 * entities), so the current query is asked again then.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EntityType } from '../../utils/shared/entity-types';
import type { SearchHit } from '../../utils/shared/protocol';
import { sendMessage } from '../../utils/shared/protocol';

export const RESULT_LIMIT = 20;

export interface SearchState {
  query: string;
  type: EntityType | '';
  hits: SearchHit[];
  error: string;
  setQuery(query: string): void;
  setType(type: EntityType | ''): void;
}

export function useSearch(): SearchState {
  const [query, setQuery] = useState('');
  const [type, setType] = useState<EntityType | ''>('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState('');
  const [wholeIndex, setWholeIndex] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    void sendMessage('search', { query: '' }).then(
      () => setWholeIndex(true),
      () => undefined, // a real search reports the error
    );
  }, []);

  useEffect(() => {
    const ticket = ++latest.current;
    // A new query starts afresh: the last one's failure is not this one's.
    setError('');
    if (!query.trim()) {
      setHits([]);
      return;
    }
    sendMessage('search', { query, limit: RESULT_LIMIT, type: type || undefined }).then(
      (result) => {
        if (ticket !== latest.current) return;
        setHits(result);
        setError('');
        if (result.length && !performance.getEntriesByName('nl-first-results').length) performance.mark('nl-first-results');
      },
      (e: unknown) => ticket === latest.current && setError(String(e)),
    );
    // wholeIndex: asks again once the whole index answers (see above).
  }, [query, type, wholeIndex]);

  return { query, type, hits, error, setQuery, setType };
}
