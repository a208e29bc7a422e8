import { DICTIONARIES, type Lang } from '../i18n/index.ts';
import { fromDictionary, keyLabel } from '../indicators/labels.ts';
import type { LocalText } from '../screening/types.ts';
import { toCsv, type CsvCell } from './csv.ts';

/**
 * Line lists (issue #6 §3): an organisation's own records as spreadsheets, for its managers only
 * (`export.records`), audited. Each column is declared here with its kind, and the kinds leave no
 * room for free text: a client is their code (the pseudonymous UIC managers already see in the
 * app), everything else is a time, a day, a number, a yes/no, a code from a closed list (written as
 * its label in the file's language), or the name of a site or provider from the organisation's own
 * directory. Never a nickname, a phone number, notes, a referral's reason or screening answers:
 * the server hands whole records to `lineListCsv`, and only the columns below come out.
 */
export const LINE_LISTS = ['clients', 'contacts', 'screenings', 'crisis_episodes', 'referrals'] as const;
export type LineList = (typeof LINE_LISTS)[number];

export type LineListColumnKind =
  | 'client_code'
  | 'referral_code'
  /** Local date and time in the organisation's zone, 'YYYY-MM-DD HH:MM'. */
  | 'time'
  | 'day'
  | 'number'
  | 'boolean'
  /** One code of a closed list. */
  | 'code'
  /** Several codes of a closed list, joined with "; ". */
  | 'codes'
  /** A site's or provider's name from the organisation's directory: a place, never a person. */
  | 'place';

export interface LineListColumn {
  id: string;
  header: LocalText;
  kind: LineListColumnKind;
  /** For codes: the dimension (labels.ts) or dictionary path that names them. */
  labels?: { dimension: string } | { dictionary: readonly string[] };
}

const c = (id: string, vi: string, en: string, kind: LineListColumnKind, labels?: LineListColumn['labels']): LineListColumn => ({ id, header: { vi, en }, kind, ...(labels ? { labels } : {}) });
const dim = (dimension: string) => ({ dimension });
const dict = (...dictionary: string[]) => ({ dictionary });

export const LINE_LIST_COLUMNS: Record<LineList, readonly LineListColumn[]> = {
  clients: [
    c('client_code', 'Mã khách hàng', 'Client code', 'client_code'),
    c('registered_at', 'Ngày giờ đăng ký', 'Registered at', 'time'),
    c('site', 'Điểm', 'Site', 'place'),
    c('sex_at_birth', 'Giới tính khi sinh', 'Sex at birth', 'code', dim('sex_at_birth')),
    c('gender_identity', 'Bản dạng giới', 'Gender identity', 'code', dim('gender_identity')),
    c('birth_year', 'Năm sinh', 'Birth year', 'number'),
    c('key_populations', 'Nhóm đích', 'Key populations', 'codes', dim('key_population')),
    c('province', 'Tỉnh/thành phố', 'Province', 'code', dim('province')),
    c('referral_source', 'Nguồn giới thiệu', 'Referral source', 'code'),
    c('merged', 'Đã gộp vào hồ sơ khác', 'Merged into another record', 'boolean'),
  ],
  contacts: [
    c('at', 'Ngày giờ', 'Date and time', 'time'),
    c('client_code', 'Mã khách hàng', 'Client code', 'client_code'),
    c('site', 'Điểm', 'Site', 'place'),
    c('mode', 'Hình thức', 'Mode', 'code', dict('contact', 'modes')),
    c('services', 'Dịch vụ', 'Services', 'codes', dim('service')),
    c('commodities', 'Số vật phẩm đã phát', 'Commodities given', 'number'),
    c('iec', 'Số tài liệu truyền thông đã phát', 'IEC materials given', 'number'),
    c('follow_up_on', 'Ngày hẹn theo dõi', 'Follow-up day', 'day'),
  ],
  screenings: [
    c('at', 'Ngày giờ', 'Date and time', 'time'),
    c('client_code', 'Mã khách hàng', 'Client code', 'client_code'),
    c('instrument', 'Công cụ', 'Instrument', 'code', dim('instrument')),
    c('complete', 'Làm đủ', 'Complete', 'boolean'),
    c('total', 'Tổng điểm', 'Total score', 'number'),
    c('band', 'Mức', 'Band', 'code', dim('band')),
    c('flags', 'Cảnh báo', 'Flags', 'codes'),
  ],
  crisis_episodes: [
    c('at', 'Ngày giờ', 'Date and time', 'time'),
    c('client_code', 'Mã khách hàng', 'Client code', 'client_code'),
    c('site', 'Điểm', 'Site', 'place'),
    c('level', 'Mức độ', 'Level', 'code', dim('crisis_level')),
    c('red_flags', 'Dấu hiệu nguy hiểm', 'Red flags', 'codes', dict('crisis', 'flags')),
    c('cssrs_band', 'Mức nguy cơ tự sát (C-SSRS)', 'Suicide risk band (C-SSRS)', 'code'),
    c('outcome', 'Kết quả', 'Outcome', 'code', dim('crisis_outcome')),
    c('follow_up_on', 'Ngày hẹn theo dõi', 'Follow-up day', 'day'),
    c('closed_at', 'Ngày giờ đóng', 'Closed at', 'time'),
  ],
  referrals: [
    c('code', 'Mã chuyển gửi', 'Referral code', 'referral_code'),
    c('at', 'Ngày giờ lập', 'Made at', 'time'),
    c('client_code', 'Mã khách hàng', 'Client code', 'client_code'),
    c('provider', 'Nơi nhận', 'Provider', 'place'),
    c('service', 'Dịch vụ', 'Service', 'code', dict('referrals', 'services')),
    c('urgency', 'Mức khẩn', 'Urgency', 'code', dict('referrals', 'urgencies')),
    c('due_on', 'Hạn', 'Due day', 'day'),
    c('status', 'Trạng thái', 'Status', 'code', dict('referrals', 'statuses')),
    c('status_at', 'Ngày giờ đổi trạng thái', 'Status changed at', 'time'),
  ],
};

/** A record as the server reads it: values by column id (more fields are ignored). */
export type LineListRecord = Record<string, string | number | boolean | readonly string[] | null | undefined>;

function label(column: LineListColumn, code: string, lang: Lang): string {
  const how = column.labels;
  if (!how) return code;
  if ('dimension' in how) return keyLabel({ dimensions: [how.dimension], labels: {} }, [code], 0, lang);
  return fromDictionary(how.dictionary, code, lang) ?? code;
}

function cell(column: LineListColumn, value: LineListRecord[string], lang: Lang, record: LineListRecord): CsvCell {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return value ? DICTIONARIES[lang].reports.csv.yes : DICTIONARIES[lang].reports.csv.no;
    case 'codes':
      return (Array.isArray(value) ? value : [String(value)]).map((v: string) => label(column, v, lang)).join('; ');
    case 'code':
      if (column.id === 'band' && typeof record.instrument === 'string') return keyLabel({ dimensions: ['instrument', 'band'], labels: {} }, [record.instrument, String(value)], 1, lang);
      return label(column, String(value), lang);
    default:
      return String(value);
  }
}

/** The header and rows of a line list in `lang`. */
export function lineListRows(list: LineList, records: readonly LineListRecord[], lang: Lang): { header: string[]; rows: CsvCell[][] } {
  const columns = LINE_LIST_COLUMNS[list];
  return { header: columns.map((col) => col.header[lang]), rows: records.map((r) => columns.map((col) => cell(col, r[col.id], lang, r))) };
}

/** The CSV text of a line list, with the UTF-8 byte order mark. */
export function lineListCsv(list: LineList, records: readonly LineListRecord[], lang: Lang): string {
  const { header, rows } = lineListRows(list, records, lang);
  return toCsv(header, rows);
}

/** `fieldlab-<list>-<from>-<to>.csv`. */
export function lineListFilename(list: LineList, from: string, to: string): string {
  return `fieldlab-${list}-${from}-${to}.csv`;
}
