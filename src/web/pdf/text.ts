import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import latinBoldUrl from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff?url';
import latinUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?url';
import vietnameseBoldUrl from '@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff?url';
import vietnameseUrl from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff?url';

/**
 * Drawing Vietnamese and English text and QR codes into PDFs made in the browser, offline (the
 * fonts are built files the service worker precaches): referral slips and certificates. WOFF,
 * not WOFF2: fontkit's subsetter throws "Index out of range" on glyphs it decoded from WOFF2
 * (checked with @pdf-lib/fontkit 1.1.1). Noto Sans comes split in subsets: Latin carries the
 * ASCII letters and Vietnamese the letters with stacked marks (ộ, ữ, Đ), so each run of text is
 * drawn in the subset that has its glyphs.
 */
export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.35, 0.35, 0.4);
export const ACCENT = rgb(0.05, 0.33, 0.55);

export interface Face {
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

/** A new document with Noto Sans regular and bold embedded, and its metadata. */
export async function newDocument(meta: { title: string; lang: 'vi' | 'en' }): Promise<{ doc: PDFDocument; regular: Face; bold: Face }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(meta.title);
  doc.setLanguage(meta.lang === 'vi' ? 'vi-VN' : 'en-GB');
  doc.setCreator('Fieldlab');
  doc.setProducer('Fieldlab');
  const [regular, bold] = await Promise.all([face(doc, [latinUrl, vietnameseUrl]), face(doc, [latinBoldUrl, vietnameseBoldUrl])]);
  return { doc, regular, bold };
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

export function widthOf(text: string, f: Face, size: number): number {
  return runs(text, f).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
}

export function drawRuns(page: PDFPage, text: string, f: Face, x: number, y: number, size: number, color: RGB = INK): void {
  let at = x;
  for (const r of runs(text, f)) {
    page.drawText(r.text, { x: at, y, size, font: r.font, color });
    at += r.font.widthOfTextAtSize(r.text, size);
  }
}

/** Draws a line of text centred on `cx`. */
export function drawCentred(page: PDFPage, text: string, f: Face, cx: number, y: number, size: number, color: RGB = INK): void {
  drawRuns(page, text, f, cx - widthOf(text, f, size) / 2, y, size, color);
}

/** Breaks text into lines no wider than `width`, at spaces (a word longer than a line is cut). */
export function wrap(text: string, f: Face, size: number, width: number): string[] {
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

/** A QR code holding `text`, `side` points wide, its top left corner at (x, top). */
export function drawQr(page: PDFPage, text: string, x: number, top: number, side: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = side / qr.modules.size;
  for (let row = 0; row < qr.modules.size; row++) {
    for (let col = 0; col < qr.modules.size; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: x + col * cell, y: top - (row + 1) * cell, width: cell, height: cell, color: INK });
    }
  }
}

/** Offers PDF bytes as a download named `file`. */
export function downloadPdf(bytes: Uint8Array, file: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
