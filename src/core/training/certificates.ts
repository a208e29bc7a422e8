import { z } from 'zod';
import { newReferralCode, normaliseReferralCode, REFERRAL_CODE_ALPHABET } from '../referrals/code.ts';

/**
 * Certificates (issue #7 §2): a PDF in Vietnamese or English with a verification code and QR;
 * the public verification page shows only the name on the certificate, the course and the date.
 *
 * The code is a referral code's body (referrals/code.ts: 40 random bits in Crockford's base 32,
 * XXXX-XXXX) and one check character: XXXX-XXXX-C. Unlike a referral or registration code, a
 * certificate code is typed by a stranger (an employer, a donor) into a public page, and the
 * answer "no such certificate" would call a real certificate fake; the check character turns a
 * typing slip into "check the code" instead. It is Luhn mod N over the same 32 characters
 * (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm): it catches every single wrong
 * character and every swap of two neighbours but 0↔Z. Crockford's own check symbol (mod 37)
 * would catch those too but needs five more symbols (* ~ $ = U) that are awkward to type.
 */
export const CertificateCode = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/, { message: 'A certificate code looks like 7KQ2-M9XD-P' })
  .refine((c) => certificateCheckCharacter(c.slice(0, 9).replace('-', '')) === c.slice(10), 'This certificate code does not pass its check');

const N = REFERRAL_CODE_ALPHABET.length;

/** The Luhn mod 32 check character of an 8-character body (alphabet characters only). */
export function certificateCheckCharacter(body: string): string {
  let sum = 0;
  let double = true; // the rightmost body character is doubled, as in Luhn
  for (let i = body.length - 1; i >= 0; i--) {
    let v = REFERRAL_CODE_ALPHABET.indexOf(body[i]!);
    if (v < 0) throw new RangeError('Not a code character');
    if (double) {
      v *= 2;
      v = Math.floor(v / N) + (v % N);
    }
    sum += v;
    double = !double;
  }
  return REFERRAL_CODE_ALPHABET[(N - (sum % N)) % N]!;
}

/** A new code from 5 random bytes; pass a cryptographic source, as for referral codes. */
export function newCertificateCode(randomBytes: (n: number) => Uint8Array): string {
  const body = newReferralCode(randomBytes);
  return `${body}-${certificateCheckCharacter(body.replace('-', ''))}`;
}

export type CertificateCodeCheck = { ok: true; code: string } | { ok: false; reason: 'NOT_A_CODE' | 'TYPO' };

/**
 * A code as typed on the public verification page, made canonical and checked. `NOT_A_CODE`:
 * wrong length or characters; `TYPO`: nine code characters whose check fails, so the page asks
 * to compare it with the certificate again before saying anything about the certificate.
 * Typing is forgiven as for referral codes (case, spaces and dashes, O for 0, I and L for 1).
 */
export function verifyCertificateCode(input: string): CertificateCodeCheck {
  const compact = input.normalize('NFKC').replace(/[\s\-‐‑‒–—―.]/g, '');
  if (compact.length !== 9) return { ok: false, reason: 'NOT_A_CODE' };
  // The referral code's normaliser folds the first eight and, shifted by one, the last.
  const body = normaliseReferralCode(compact.slice(0, 8));
  const tail = normaliseReferralCode(compact.slice(1));
  if (body === null || tail === null) return { ok: false, reason: 'NOT_A_CODE' };
  const check = tail.slice(-1);
  const code = `${body}-${check}`;
  return certificateCheckCharacter(body.replace('-', '')) === check ? { ok: true, code } : { ok: false, reason: 'TYPO' };
}

export const CERTIFICATE_LANGUAGES = ['vi', 'en'] as const;

export const Certificate = z.strictObject({
  id: z.uuid(),
  code: CertificateCode,
  orgId: z.uuid(),
  personId: z.uuid(),
  /** As the person wishes it printed; it is what the public page shows. */
  nameOnCertificate: z.string().trim().min(1).max(120),
  /** The course's title in the certificate's language, as printed. */
  course: z.strictObject({ id: z.uuid(), title: z.string().trim().min(2).max(200) }),
  eventId: z.uuid().optional(),
  issuedOn: z.iso.date(),
  language: z.enum(CERTIFICATE_LANGUAGES),
  issuedBy: z.uuid(),
});
export type Certificate = z.infer<typeof Certificate>;

export const PublicCertificateView = z.object({ nameOnCertificate: z.string(), course: z.string(), date: z.string() });
export type PublicCertificateView = z.infer<typeof PublicCertificateView>;

/** What the public verification page may show, and nothing more (issue #7 §2): picked, never spread. */
export function publicCertificateView(certificate: Pick<Certificate, 'nameOnCertificate' | 'issuedOn'> & { course: Pick<Certificate['course'], 'title'> }): PublicCertificateView {
  return { nameOnCertificate: certificate.nameOnCertificate, course: certificate.course.title, date: certificate.issuedOn };
}
