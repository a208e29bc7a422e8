import { rgb } from 'pdf-lib';
import { ACCENT, drawCentred, drawQr, drawRuns, INK, MUTED, newDocument, widthOf, wrap } from '../pdf/text.ts';
import type { CertificateContent } from './content.ts';

/**
 * The certificate as a PDF, A4 landscape, drawn in the browser (pdf/text.ts): the name on the
 * certificate, the course, the dates and organisers, and the verification code in large type
 * with a QR code holding `<origin>/verify/<code>`, where anyone can check it.
 */
const W = 841.89;
const H = 595.28;

export async function certificatePdf(c: CertificateContent): Promise<Uint8Array> {
  const { doc, regular, bold } = await newDocument({ title: `${c.heading} · ${c.name}`, lang: c.lang });
  const page = doc.addPage([W, H]);
  const cx = W / 2;
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: W - 68, height: H - 68, borderColor: ACCENT, borderWidth: 0.8 });

  let y = H - 100;
  drawCentred(page, c.heading, bold, cx, y, 34, ACCENT);
  y -= 26;
  drawCentred(page, c.subheading, regular, cx, y, 14, MUTED);
  y -= 44;
  drawCentred(page, c.certifies, regular, cx, y, 13, MUTED);
  y -= 42;
  const nameSize = Math.min(34, (W - 200) / Math.max(1, widthOf(c.name, bold, 1)));
  drawCentred(page, c.name, bold, cx, y, nameSize, INK);
  y -= 30;
  drawCentred(page, c.completed, regular, cx, y, 13, MUTED);
  for (const line of wrap(c.title, bold, 20, W - 220)) {
    y -= 28;
    drawCentred(page, line, bold, cx, y, 20, INK);
  }
  if (c.eventTitle) {
    y -= 20;
    drawCentred(page, c.eventTitle, regular, cx, y, 12, MUTED);
  }

  // Facts on the left, the verification code and QR code on the right, above the bottom frame.
  const left = 70;
  let fy = 185;
  for (const [label, value] of c.facts) {
    drawRuns(page, label, regular, left, fy, 9, MUTED);
    fy -= 15;
    for (const line of wrap(value, regular, 11, 400)) {
      drawRuns(page, line, regular, left, fy, 11, INK);
      fy -= 14;
    }
    fy -= 6;
  }

  const qrSide = 104;
  const qrX = W - 70 - qrSide;
  drawQr(page, c.verifyUrl, qrX, 70 + qrSide, qrSide);
  const codeRight = qrX - 16;
  const codeSize = 26;
  drawRuns(page, c.codeLabel, regular, codeRight - widthOf(c.codeLabel, regular, 9), 150, 9, MUTED);
  drawRuns(page, c.code, bold, codeRight - widthOf(c.code, bold, codeSize), 118, codeSize, INK);
  const at = wrap(c.verifyAt, regular, 8, 230);
  at.forEach((line, i) => drawRuns(page, line, regular, codeRight - widthOf(line, regular, 8), 100 - i * 11, 8, MUTED));

  if (c.revoked) {
    page.drawRectangle({ x: 0, y: H / 2 - 30, width: W, height: 60, color: rgb(1, 1, 1), opacity: 0.85 });
    drawCentred(page, c.revoked, bold, cx, H / 2 - 8, 24, rgb(0.7, 0.1, 0.1));
  }
  return doc.save();
}
