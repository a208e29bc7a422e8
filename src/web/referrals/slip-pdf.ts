import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import latinBoldUrl from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff?url';
import latinUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?url';
import vietnameseBoldUrl from '@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff?url';
import vietnameseUrl from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff?url';
import type { SlipContent } from './slip-content.ts';

/**
 * The referral slip as a PDF, drawn in the browser, offline (the fonts are built files the
 * service worker precaches). WOFF, not WOFF2: fontkit's subsetter throws "Index out of range" on
 * glyphs it decoded from WOFF2 (checked with @pdf-lib/fontkit 1.1.1). Noto Sans comes split in subsets: Latin carries the ASCII letters and
 * Vietnamese the letters with stacked marks (ộ, ữ, Đ), so each run of text is drawn in the subset
 * that has its glyphs. Nothing on the slip is about the person: the code, the QR code holding only
 * that code, and where to go.
 */
export type SlipSize = 'a6' | 'a4';

const PAGE: Record<SlipSize, [number, number]> = { a6: [297.64, 419.53], a4: [595.28, 841.89] };
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const ACCENT = rgb(0.05, 0.33, 0.55);

interface Face {
  fonts: PDFFont[];
  sets: Set<number>[];
}

async function fetchFont(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`font ${res.status}`);
  return res.arrayBuffer();
}

async function face(doc: PDFDocument, urls: string[]): Promise<Face> {
  const fonts = await Promise.all(urls.map(async (u) => doc.embedFont(await fetchFont(u), { subset: true })));
  return { fonts, sets: fonts.map((f) => new Set(f.getCharacterSet())) };
}

/** Splits text into runs, each in the first font of the face that has its characters. */
function runs(text: string, f: Face): { text: string; font: PDFFont }[] {
  const out: { text: string; font: PDFFont }[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    const i = Math.max(
      0,
      f.sets.findIndex((s) => s.has(cp)),
    );
    const font = f.fonts[i]!;
    const last = out.at(-1);
    // A character no subset has is left out rather than drawn as a box.
    if (!f.sets[i]!.has(cp) && cp !== 0x20) continue;
    if (last && last.font === font) last.text += ch;
    else out.push({ text: ch, font });
  }
  return out;
}

function widthOf(text: string, f: Face, size: number): number {
  return runs(text, f).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
}

function drawRuns(page: PDFPage, text: string, f: Face, x: number, y: number, size: number, color = INK): void {
  let at = x;
  for (const r of runs(text, f)) {
    page.drawText(r.text, { x: at, y, size, font: r.font, color });
    at += r.font.widthOfTextAtSize(r.text, size);
  }
}

/** Breaks text into lines no wider than `width`, at spaces (a word longer than a line is cut). */
function wrap(text: string, f: Face, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (widthOf(next, f, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

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
  const qr = QRCode.create(c.code, { errorCorrectionLevel: 'M' });
  const qrSide = 92 * s;
  const cell = qrSide / qr.modules.size;
  const qrTop = y;
  for (let row = 0; row < qr.modules.size; row++) {
    for (let col = 0; col < qr.modules.size; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: box.x + box.w - pad - qrSide + col * cell, y: qrTop - (row + 1) * cell, width: cell, height: cell, color: INK });
    }
  }
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
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(c.title);
  doc.setLanguage(c.lang === 'vi' ? 'vi-VN' : 'en-GB');
  doc.setCreator('Fieldlab');
  doc.setProducer('Fieldlab');
  const [regular, bold] = await Promise.all([face(doc, [latinUrl, vietnameseUrl]), face(doc, [latinBoldUrl, vietnameseBoldUrl])]);
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
