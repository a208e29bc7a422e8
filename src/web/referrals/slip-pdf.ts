import type { PDFPage } from 'pdf-lib';
import { ACCENT, drawQr, drawRuns, INK, MUTED, newDocument, widthOf, wrap, type Face } from '../pdf/text.ts';
import type { SlipContent } from './slip-content.ts';

/**
 * The referral slip as a PDF, drawn in the browser, offline (pdf/text.ts: fonts and text runs).
 * Nothing on the slip is about the person: the code, the QR code holding only that code, and
 * where to go.
 */
export type SlipSize = 'a6' | 'a4';

const PAGE: Record<SlipSize, [number, number]> = { a6: [297.64, 419.53], a4: [595.28, 841.89] };

/** Draws the slip's card in the box (x, y from the bottom left, w × h); `s` scales the type. */
function drawCard(page: PDFPage, c: SlipContent, regular: Face, bold: Face, box: { x: number; y: number; w: number; h: number }, s: number): void {
  const pad = 18 * s;
  const left = box.x + pad;
  const width = box.w - 2 * pad;
  let y = box.y + box.h - pad;
  const line = (text: string, f: Face, size: number, color = INK, gap = 1.35) => {
    for (const l of wrap(text, f, size * s, width)) {
      y -= size * s * gap;
      drawRuns(page, l, f, left, y, size * s, color);
    }
  };
  page.drawRectangle({ x: box.x, y: box.y, width: box.w, height: box.h, borderColor: MUTED, borderWidth: 0.8, borderDashArray: [4, 3] });

  line(c.title, bold, 13, ACCENT);
  y -= 6 * s;
  // The code, large, with the QR code holding only the code beside it.
  const qrSide = 92 * s;
  const qrTop = y;
  drawQr(page, c.code, box.x + box.w - pad - qrSide, qrTop, qrSide);
  const codeWidth = width - qrSide - 10 * s;
  y -= 10 * s * 1.35;
  drawRuns(page, c.codeLabel, regular, left, y, 9 * s, MUTED);
  y -= 22 * s;
  drawRuns(page, c.code, bold, left, y, Math.min(22 * s, (codeWidth / widthOf(c.code, bold, 1)) * 0.98), INK);
  y -= 8 * s;
  for (const l of wrap(c.showCode, regular, 8 * s, codeWidth)) {
    y -= 8 * s * 1.35;
    drawRuns(page, l, regular, left, y, 8 * s, MUTED);
  }
  y = Math.min(y, qrTop - qrSide) - 8 * s;

  page.drawLine({ start: { x: left, y }, end: { x: left + width, y }, thickness: 0.6, color: MUTED });
  y -= 4 * s;
  line(c.goTo, regular, 8, MUTED);
  line(c.providerName, bold, 12);
  for (const [label, value] of c.facts) {
    y -= 3 * s;
    line(label, regular, 8, MUTED);
    line(value, regular, 10, INK, 1.3);
  }
  if (c.dueLine) {
    y -= 6 * s;
    line(c.dueLine, bold, 10, ACCENT);
  }
  // The footer sits at the bottom of the card.
  const foot = wrap(c.footer, regular, 7 * s, width);
  foot.forEach((l, i) => drawRuns(page, l, regular, left, box.y + pad + (foot.length - 1 - i) * 7 * s * 1.35, 7 * s, MUTED));
}

/** The slip as PDF bytes: an A6 card, or an A4 page with the card large in the middle to cut out. */
export async function slipPdf(c: SlipContent, size: SlipSize): Promise<Uint8Array> {
  const { doc, regular, bold } = await newDocument({ title: c.title, lang: c.lang });
  const [w, h] = PAGE[size];
  const page = doc.addPage([w, h]);
  if (size === 'a6') drawCard(page, c, regular, bold, { x: 6, y: 6, w: w - 12, h: h - 12 }, 1);
  else {
    const s = 1.45;
    const cw = (PAGE.a6[0] - 12) * s;
    const ch = (PAGE.a6[1] - 12) * s;
    drawCard(page, c, regular, bold, { x: (w - cw) / 2, y: h - 60 - ch, w: cw, h: ch }, s);
  }
  return doc.save();
}
