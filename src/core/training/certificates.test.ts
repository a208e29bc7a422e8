import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERRAL_CODE_ALPHABET } from '../referrals/code.ts';
import { Certificate, CertificateCode, certificateCheckCharacter, newCertificateCode, publicCertificateView, verifyCertificateCode } from './certificates.ts';

const bytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
const from = (b: Uint8Array) => () => b;

describe('newCertificateCode', () => {
  it('is a referral-style body of 40 random bits and a check character: XXXX-XXXX-C', () => {
    expect(newCertificateCode(() => Uint8Array.from([0, 0, 0, 0, 0]))).toBe('0000-0000-0');
    fc.assert(
      fc.property(bytes, (b) => {
        const code = newCertificateCode(from(b));
        expect(CertificateCode.safeParse(code).success).toBe(true);
        expect(verifyCertificateCode(code)).toEqual({ ok: true, code });
      }),
    );
  });
});

describe('verifyCertificateCode', () => {
  it('accepts the code however it was typed', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const code = newCertificateCode(from(b));
        const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
        expect(verifyCertificateCode(typed)).toEqual({ ok: true, code });
        expect(verifyCertificateCode(code.replace(/-/g, ''))).toEqual({ ok: true, code });
      }),
    );
  });

  it('catches every single mistyped character', () => {
    fc.assert(
      fc.property(bytes, fc.nat(8), fc.integer({ min: 1, max: 31 }), (b, pos, shift) => {
        const chars = newCertificateCode(from(b)).replace(/-/g, '').split('');
        chars[pos] = REFERRAL_CODE_ALPHABET[(REFERRAL_CODE_ALPHABET.indexOf(chars[pos]!) + shift) % 32]!;
        expect(verifyCertificateCode(chars.join(''))).toMatchObject({ ok: false, reason: 'TYPO' });
      }),
    );
  });

  it('catches two neighbouring characters swapped, except 0 and Z (Luhn mod N’s one blind pair)', () => {
    fc.assert(
      fc.property(bytes, fc.nat(7), (b, pos) => {
        const chars = newCertificateCode(from(b)).replace(/-/g, '').split('');
        const [x, y] = [chars[pos]!, chars[pos + 1]!];
        if (x === y || (x + y).split('').sort().join('') === '0Z') return;
        [chars[pos], chars[pos + 1]] = [y, x];
        expect(verifyCertificateCode(chars.join(''))).toMatchObject({ ok: false, reason: 'TYPO' });
      }),
    );
    expect(certificateCheckCharacter('0Z000000')).toBe(certificateCheckCharacter('Z0000000'));
  });

  it.each(['', 'hello', '7KQ2-M9XD', '7KQ2-M9XD-PP', 'UUUU-UUUU-U'])('%j is not a certificate code', (typed) => {
    expect(verifyCertificateCode(typed)).toMatchObject({ ok: false, reason: 'NOT_A_CODE' });
  });
});

describe('publicCertificateView', () => {
  const certificate = Certificate.parse({
    id: '0190a1b2-0000-7000-8000-0000000000d1',
    code: newCertificateCode(() => Uint8Array.from([1, 2, 3, 4, 5])),
    personId: '0190a1b2-0000-7000-8000-0000000000d2',
    nameOnCertificate: 'Bạn A',
    course: { id: '0190a1b2-0000-7000-8000-0000000000d3', title: 'Sơ cứu sức khoẻ tâm thần' },
    eventId: '0190a1b2-0000-7000-8000-0000000000d4',
    issuedOn: '2027-03-11',
    language: 'vi',
    issuedBy: '0190a1b2-0000-7000-8000-0000000000d5',
    orgId: '0190a1b2-0000-7000-8000-0000000000d6',
  });

  it('shows only the name on the certificate, the course and the date', () => {
    expect(publicCertificateView(certificate)).toEqual({ nameOnCertificate: 'Bạn A', course: 'Sơ cứu sức khoẻ tâm thần', date: '2027-03-11' });
  });

  it('never leaks anything else, whatever extra fields the record carries', () => {
    const view = publicCertificateView({ ...certificate, email: 'x@example.org' } as Certificate);
    expect(Object.keys(view).sort()).toEqual(['course', 'date', 'nameOnCertificate']);
  });

  it('refuses a certificate whose code fails its check', () => {
    expect(Certificate.safeParse({ ...certificate, code: '0000-0000-1' }).success).toBe(false);
  });
});
