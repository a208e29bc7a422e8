import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvCell, csvBytes, csvField, toCsv } from './csv.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('csvBytes: exact bytes', () => {
  it.each<[string, string[], CsvCell[][], boolean, string]>([
    ['BOM first, CRLF after every record', ['a'], [['b']], true, 'ef bb bf 61 0d 0a 62 0d 0a'],
    ['no BOM when asked', ['a'], [['b']], false, '61 0d 0a 62 0d 0a'],
    // ả is U+1EA3 (e1 ba a3), ò is U+00F2 (c3 b2): precomposed, as typed on a Vietnamese keyboard.
    ['Hải Phòng in UTF-8', ['tỉnh'], [['Hải Phòng']], false, '74 e1 bb 89 6e 68 0d 0a 48 e1 ba a3 69 20 50 68 c3 b2 6e 67 0d 0a'],
    ['Đ is c4 90', ['x'], [['Đ']], false, '78 0d 0a c4 90 0d 0a'],
    ['null is empty', ['a', 'b'], [[null, 1]], false, '61 2c 62 0d 0a 2c 31 0d 0a'],
  ])('%s', (_, header, rows, bom, bytes) => {
    expect(hex(csvBytes(header, rows, { bom }))).toBe(bytes);
  });

  it('has a BOM by default', () => {
    expect(Array.from(csvBytes(['a'], []).slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(toCsv(['a'], [])).toBe('\uFEFFa\r\n');
  });
});

describe('csvField (RFC 4180 §2.5–2.7, OWASP CSV injection)', () => {
  it.each<[CsvCell, string]>([
    ['Hà Nội', 'Hà Nội'],
    ['Đà Nẵng, Quảng Nam', '"Đà Nẵng, Quảng Nam"'],
    ['nói "không"', '"nói ""không"""'],
    ['dòng 1\r\ndòng 2', '"dòng 1\r\ndòng 2"'],
    ['a\nb', '"a\nb"'],
    ['', ''],
    [null, ''],
    [0, '0'],
    [-3, '-3'],
    [-0.25, '-0.25'],
    [12.5, '12.5'],
    ['=1+2', "'=1+2"],
    ['+84 90', "'+84 90"],
    ['-3', "'-3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
  ])('%j → %j', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it('refuses numbers a spreadsheet cannot hold', () => {
    for (const n of [Number.NaN, Infinity, -Infinity]) expect(() => csvField(n)).toThrow(RangeError);
  });
});

describe('toCsv', () => {
  it('refuses a row whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(RangeError);
  });

  it('round-trips through an RFC 4180 reader, with formula cells prefixed', () => {
    // A minimal RFC 4180 reader, independent of the writer.
    const parse = (text: string): string[][] => {
      const records: string[][] = [];
      let record: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
          else if (c === '"') quoted = false;
          else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') record.push(field), (field = '');
        else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
        else field += c;
      }
      return records;
    };
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 2, maxLength: 2 })), (rows) => {
        const back = parse(toCsv(['a', 'b'], rows, { bom: false }));
        expect(back).toEqual([['a', 'b'], ...rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : /^[=+\-@\t\r]/.test(c) ? `'${c}` : c)))]);
      }),
    );
  });
});
