import type { TFunction } from 'i18next';
import type { CertificateDocument } from '../../core/training/course-api.ts';

/** Everything the certificate shows, in its language: the preview and the PDF draw the same. */
export interface CertificateContent {
  lang: 'vi' | 'en';
  heading: string;
  subheading: string;
  certifies: string;
  name: string;
  completed: string;
  title: string;
  /** The event's title when it differs from the course's. */
  eventTitle: string | null;
  facts: [string, string][];
  codeLabel: string;
  code: string;
  verifyAt: string;
  verifyUrl: string;
  revoked: string | null;
}

export function formatDate(day: string, lang: 'vi' | 'en'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export const verifyUrl = (origin: string, code: string) => `${origin}/verify/${code}`;

export function certificateContent(doc: CertificateDocument, t: TFunction, origin: string): CertificateContent {
  const lang = doc.lang;
  const facts: [string, string][] = [[t('certificates.pdf.dates'), doc.days.map((d) => formatDate(d, lang)).join(', ')]];
  if (doc.organisers.length) facts.push([t('certificates.pdf.organisedBy'), doc.organisers.join(', ')]);
  facts.push([t('certificates.pdf.issuedOn'), formatDate(doc.issuedOn, lang)]);
  return {
    lang,
    heading: t('certificates.pdf.heading'),
    subheading: t('certificates.pdf.subheading'),
    certifies: t('certificates.pdf.certifies'),
    name: doc.nameOnCertificate,
    completed: t('certificates.pdf.completed'),
    title: doc.title,
    eventTitle: doc.eventTitle !== doc.title ? doc.eventTitle : null,
    facts,
    codeLabel: t('certificates.pdf.codeLabel'),
    code: doc.code,
    verifyAt: t('certificates.pdf.verifyAt', { url: `${origin}/verify` }),
    verifyUrl: verifyUrl(origin, doc.code),
    revoked: doc.revoked ? t('certificates.revokedNotice') : null,
  };
}
