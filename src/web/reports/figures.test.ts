import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../core/i18n/index.ts';
import type { PresentedTable } from '../../core/indicators/result.ts';
import { formatter, tableTitle } from './figures.ts';
import { chartOf, seriesModel, splitModel } from './models.ts';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'vi', resources: { vi: { translation: DICTIONARIES.vi }, en: { translation: DICTIONARIES.en } }, interpolation: { escapeValue: false } });
const tVi = i18n.getFixedT('vi');
const tEn = i18n.getFixedT('en');
const vi = formatter('vi', tVi);
const en = formatter('en', tEn);
const n = (value: number | null, flag: 'suppressed' | 'no_denominator' | null = null) => ({ value, flag });

describe('figures in words', () => {
  it('writes counts, rates and medians as each language does, and a hidden figure as hidden, never 0', () => {
    expect(vi.figure(n(1234), 'people')).toBe('1.234');
    expect(en.figure(n(1234), 'people')).toBe('1,234');
    expect(vi.figure(n(0.725), 'rate')).toMatch(/^72,5\s?%$/);
    expect(en.figure(n(0.725), 'rate')).toBe('72.5%');
    expect(vi.figure(n(3), 'days')).toBe('3 ngày');
    expect(en.figure(n(1), 'days')).toBe('1 day');
    expect(vi.figure(n(null, 'suppressed'), 'people')).toBe('ẩn');
    expect(en.figure(n(null, 'suppressed'), 'rate')).toBe('hidden');
    expect(vi.figure(n(null, 'no_denominator'), 'rate')).toBe('—');
  });

  it('says a change with its size, its ratio for counts, and its direction in words', () => {
    expect(vi.change(n(7), n(4), 'people', 'Tháng 10/2026')).toEqual({ direction: 'up', text: expect.stringMatching(/^Tăng 3 \(\+75\s?%\) so với Tháng 10\/2026$/) });
    expect(en.change(n(3), n(4), 'contacts', 'October 2026')).toEqual({ direction: 'down', text: 'Down 1 (-25%) on October 2026' });
    expect(vi.change(n(0.5), n(0.4), 'rate', 'Quý 3/2026')?.text).toBe('Tăng 10 điểm phần trăm so với Quý 3/2026');
    expect(en.change(n(2), n(5), 'days', 'Q3 2026')?.text).toBe('Down 3 days on Q3 2026');
    expect(vi.change(n(4), n(0), 'people', 'Năm 2025')?.text).toBe('Tăng 4 so với Năm 2025');
    expect(vi.change(n(4), n(4), 'people', 'Năm 2025')?.direction).toBe('same');
    expect(vi.change(n(null, 'suppressed'), n(4), 'people', 'Năm 2025')).toBeNull();
  });

  it('names periods in full for tables and briefly for axes', () => {
    expect(vi.period('2026-11')).toBe('Tháng 11/2026');
    expect(vi.shortPeriod('2026-11')).toBe('T11/26');
    expect(en.shortPeriod('2026-11')).toBe('Nov 26');
    expect(vi.shortPeriod('2026-Q4')).toBe('Q4/26');
    expect(en.shortPeriod('2026')).toBe('2026');
  });
});

const byAgeSex: PresentedTable = {
  indicatorId: 'people_reached',
  periodKind: 'month',
  periods: ['2026-11'],
  dimensions: ['age_band', 'sex_at_birth'],
  cells: [
    { period: '2026-11', keys: ['25_34', 'M'], value: 5, flag: null },
    { period: '2026-11', keys: ['18_24', 'F'], value: null, flag: 'suppressed' },
    { period: '2026-11', keys: ['unknown', 'M'], value: 6, flag: null },
  ],
  totals: [{ period: '2026-11', value: 13, flag: null }],
  suppressed: true,
  labels: {},
};

describe('tables and charts from one model', () => {
  it('crosses two splits, youngest first, zero where no one was counted, a gap where hidden', () => {
    const model = splitModel(byAgeSex, '2026-11', 'vi', tVi);
    expect(model.rowsAre).toBe('Nhóm tuổi');
    expect(model.columns).toEqual(['Nam', 'Nữ']);
    expect(model.rows.map((r) => r.label)).toEqual(['18–24', '25–34', 'Không rõ']);
    expect(model.rows[0]!.figures).toEqual([{ value: 0, flag: null }, byAgeSex.cells[1]]);
    expect(model.total?.figure.value).toBe(13);
    expect(chartOf(model, 'ẩn').categories).toEqual(['18–24 (ẩn)', '25–34', 'Không rõ']);
    expect(chartOf(model).series).toEqual([
      { label: 'Nam', values: [0, 5, 6] },
      { label: 'Nữ', values: [null, 0, 0] },
    ]);
    expect(tableTitle(byAgeSex, 'vi', tVi)).toBe('Số người được tiếp cận theo nhóm tuổi và giới tính khi sinh');
  });

  it('lists an indicator over periods with short names on the axis', () => {
    const series: PresentedTable = { ...byAgeSex, periods: ['2026-10', '2026-11'], dimensions: [], cells: [], totals: [n(4), n(null, 'suppressed')].map((f, i) => ({ ...f, period: ['2026-10', '2026-11'][i]! })) };
    const model = seriesModel([series], 'en', tEn, en);
    expect(model.rows.map((r) => [r.label, r.short])).toEqual([
      ['October 2026', 'Oct 26'],
      ['November 2026', 'Nov 26'],
    ]);
    expect(chartOf(model)).toEqual({ categories: ['Oct 26', 'Nov 26'], series: [{ label: 'People reached', values: [4, null] }] });
  });
});
