import { i18n } from '../shell/i18n.tsx';
import type { CertificateDocument } from '../../core/training/course-api.ts';
import { certificateContent } from './content.ts';

/** Draws the certificate in its own language and offers it as a download; pdf-lib loads only now. */
export async function downloadCertificate(doc: CertificateDocument): Promise<void> {
  const [{ certificatePdf }, { downloadPdf }] = await Promise.all([import('./certificate-pdf.ts'), import('../pdf/text.ts')]);
  const bytes = await certificatePdf(certificateContent(doc, i18n.getFixedT(doc.lang), location.origin));
  downloadPdf(bytes, `${i18n.getFixedT(doc.lang)('certificates.file')}-${doc.code}.pdf`);
}
