import { describe, expect, it } from 'vitest';
import { LINE_LIST_COLUMNS, LINE_LISTS, lineListCsv, lineListRows, type LineListColumnKind } from './line-lists.ts';

/** Kinds that cannot carry free text typed about a person. */
const SAFE_KINDS: readonly LineListColumnKind[] = ['client_code', 'referral_code', 'time', 'day', 'number', 'boolean', 'code', 'codes', 'place'];
/** Fields of the database that hold free text or what identifies a person, sealed or not. */
const NEVER = /nickname|phone|note|reason|answer|uic_enc|shared|steps|name|address|free/i;

describe('line-list columns', () => {
  it.each(LINE_LISTS.map((l) => [l]))('%s holds only codes, times, numbers and places, never free text', (list) => {
    const columns = LINE_LIST_COLUMNS[list];
    for (const column of columns) {
      expect(SAFE_KINDS).toContain(column.kind);
      expect(column.id).not.toMatch(NEVER);
      expect(column.header.vi.trim()).not.toBe('');
      expect(column.header.en.trim()).not.toBe('');
      expect(column.header.vi).not.toBe(column.header.en);
    }
    expect(new Set(columns.map((c) => c.id)).size).toBe(columns.length);
  });

  it('names the client only by their code, in every list about clients', () => {
    for (const list of LINE_LISTS) expect(LINE_LIST_COLUMNS[list].filter((c) => c.kind === 'client_code').map((c) => c.id)).toEqual(['client_code']);
  });
});

describe('lineListCsv', () => {
  it('writes only the declared columns, whatever else the record holds', () => {
    const csv = lineListCsv('contacts', [{ at: '2026-11-03 09:00', client_code: 'ZZ12AB', site: 'Điểm Hà Nội', mode: 'drop_in', services: ['information', 'hiv_test'], commodities: 3, iec: 0, follow_up_on: null, notes: 'ngủ ở gầm cầu', nickname: 'Bống' }], 'vi');
    expect(csv).toBe(
      '\uFEFFNgày giờ,Mã khách hàng,Điểm,Hình thức,Dịch vụ,Số vật phẩm đã phát,Số tài liệu truyền thông đã phát,Ngày hẹn theo dõi\r\n' +
        '2026-11-03 09:00,ZZ12AB,Điểm Hà Nội,Tại điểm hỗ trợ,"Thông tin, tài liệu truyền thông; Xét nghiệm HIV / bộ tự xét nghiệm",3,0,\r\n',
    );
    expect(csv).not.toContain('gầm cầu');
    expect(csv).not.toContain('Bống');
  });

  it('labels codes in English, yes/no, and bands by their instrument', () => {
    const { header, rows } = lineListRows('screenings', [{ at: '2026-11-03 10:00', client_code: 'ZZ12AB', instrument: 'gad7', complete: false, total: null, band: 'severe', flags: [] }], 'en');
    expect(header).toEqual(['Date and time', 'Client code', 'Instrument', 'Complete', 'Total score', 'Band', 'Flags']);
    expect(rows[0]!.slice(3)).toEqual(['No', null, 'Severe', '']);
  });

  it('writes an unknown code as it is rather than dropping it', () => {
    const { rows } = lineListRows('referrals', [{ code: 'R-7K2M', status: 'some_new_status' }], 'vi');
    expect(rows[0]![0]).toBe('R-7K2M');
    expect(rows[0]).toContain('some_new_status');
  });
});
