import { describe, expect, it } from 'vitest';
import { factTiming } from '../../components/fact-timing';

describe('factTiming', () => {
  it('says whether a fact held on the article date', () => {
    expect(factTiming({ from: '2012-05-07' }, '2024-06-21')).toEqual({ kind: 'held' });
    expect(factTiming({ from: '2022-05-10', to: '2025-06-04' }, '2024-06-21')).toEqual({ kind: 'changed-since', to: '2025-06-04' });
    expect(factTiming({ from: '2025-06-04' }, '2024-06-21')).toEqual({ kind: 'later', from: '2025-06-04' });
    expect(factTiming({ from: '2000-05-07', to: '2008-05-07' }, '2024-06-21')).toEqual({ kind: 'earlier', to: '2008-05-07' });
  });

  it('reads year and month precision generously', () => {
    expect(factTiming({ from: '2024' }, '2024-01-15')).toEqual({ kind: 'held' });
    expect(factTiming({ from: '2011-12', to: '2024-06' }, '2024-06-21')).toEqual({ kind: 'changed-since', to: '2024-06' });
  });

  it('leaves facts alone without an article date or bounds', () => {
    expect(factTiming({ from: '2012-05-07' }, undefined)).toEqual({ kind: 'undated' });
    expect(factTiming({}, '2024-06-21')).toEqual({ kind: 'undated' });
  });
});
