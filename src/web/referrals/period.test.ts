import { describe, expect, it } from 'vitest';
import { periodRange } from './period.ts';

describe('periodRange', () => {
  it('counts today in the last 30 and 90 days', () => {
    expect(periodRange('days30', '2025-03-10')).toEqual({ from: '2025-02-09', to: '2025-03-10' });
    expect(periodRange('days90', '2025-03-10')).toEqual({ from: '2024-12-11', to: '2025-03-10' });
  });

  it('starts this year on 1 January and leaves "all" unbounded', () => {
    expect(periodRange('year', '2025-01-01')).toEqual({ from: '2025-01-01', to: '2025-01-01' });
    expect(periodRange('year', '2024-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodRange('all', '2025-03-10')).toEqual({});
  });
});
