import { describe, expect, it } from 'vitest';
import type { PresentedTable } from '../indicators/result.ts';
import { indicatorCsv, indicatorCsvBytes, indicatorCsvFilename } from './indicator-csv.ts';

const SITE = '01900000-0000-7000-8000-0000000000a1';
const bySite: PresentedTable = {
  indicatorId: 'people_reached',
  periodKind: 'month',
  periods: ['2026-10', '2026-11'],
  dimensions: ['site', 'age_band'],
  cells: [
    { period: '2026-10', keys: [SITE, '18_24'], value: 12, flag: null },
    { period: '2026-10', keys: ['unknown', '50_plus'], value: null, flag: 'suppressed' },
  ],
  totals: [
    { period: '2026-10', value: 15, flag: null },
    { period: '2026-11', value: 0, flag: null },
  ],
  suppressed: true,
  labels: { site: { [SITE]: { vi: 'Điểm Hải Phòng', en: 'Hải Phòng site' } } },
};

describe('indicatorCsv', () => {
  it('writes the exact bytes: BOM, Vietnamese header and labels with their diacritics, CRLF, the suppressed note', () => {
    const bytes = indicatorCsvBytes(bySite, 'vi');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // "ỳ" of "Kỳ" is U+1EF3, three bytes in UTF-8.
    expect([...bytes.slice(3, 8)]).toEqual([0x4b, 0xe1, 0xbb, 0xb3, 0x20]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(
      '\uFEFFKỳ báo cáo,Điểm cung cấp dịch vụ,Nhóm tuổi,Giá trị,Ghi chú\r\n' +
        'Tháng 10/2026,Tổng,Tổng,15,\r\n' +
        'Tháng 10/2026,Điểm Hải Phòng,18–24,12,\r\n' +
        'Tháng 10/2026,Không rõ,50 trở lên,,đã ẩn (< 5)\r\n' +
        'Tháng 11/2026,Tổng,Tổng,0,\r\n',
    );
  });

  it('writes English headers and labels', () => {
    expect(indicatorCsv(bySite, 'en')).toBe(
      '\uFEFFPeriod,Site,Age band,Value,Note\r\n' +
        'October 2026,Total,Total,15,\r\n' +
        'October 2026,Hải Phòng site,18–24,12,\r\n' +
        'October 2026,Unknown,50 and over,,suppressed (< 5)\r\n' +
        'November 2026,Total,Total,0,\r\n',
    );
  });

  it('gives rates and medians their numerator and denominator columns, and says when there is no denominator', () => {
    const rate: PresentedTable = {
      indicatorId: 'referral_completion_rate',
      periodKind: 'quarter',
      periods: ['2026-Q3', '2026-Q4'],
      dimensions: [],
      cells: [],
      totals: [
        { period: '2026-Q3', value: null, numerator: 0, denominator: 0, flag: 'no_denominator' },
        { period: '2026-Q4', value: 2 / 3, numerator: 10, denominator: 15, flag: null },
      ],
      suppressed: false,
      labels: {},
    };
    expect(indicatorCsv(rate, 'vi')).toBe('\uFEFFKỳ báo cáo,Giá trị,Tử số,Mẫu số,Ghi chú\r\nQuý 3/2026,,0,0,không có mẫu số\r\nQuý 4/2026,0.6667,10,15,\r\n');
  });

  it('names codes from core: services, instruments and their bands, crisis levels, provinces', () => {
    const t: PresentedTable = {
      indicatorId: 'screenings_positive',
      periodKind: 'year',
      periods: ['2026'],
      dimensions: ['instrument', 'band', 'province'],
      cells: [{ period: '2026', keys: ['phq9', 'moderate', 'hai-phong'], value: 7, flag: null }],
      totals: [{ period: '2026', value: 7, flag: null }],
      suppressed: false,
      labels: {},
    };
    const line = indicatorCsv(t, 'vi').split('\r\n')[2]!;
    expect(line).toBe('Năm 2026,Bảng câu hỏi sức khỏe bệnh nhân (PHQ-9) — trầm cảm,Vừa,Hải Phòng,7,');
  });

  it('guards against formulas in names', () => {
    const t = { ...bySite, labels: { site: { [SITE]: { vi: '=HYPERLINK("x")', en: '=HYPERLINK("x")' } } } };
    expect(indicatorCsv(t, 'vi')).toContain(`,"'=HYPERLINK(""x"")",18–24,12,`);
  });

  it('names the file by indicator and days only', () => {
    expect(indicatorCsvFilename('people_reached', '2026-10-01', '2026-11-30')).toBe('fieldlab-people_reached-2026-10-01-2026-11-30.csv');
  });
});
