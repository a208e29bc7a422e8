import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/**
 * A camera for headless Chromium: the browser plays a Y4M (YUV4MPEG2) file as its one video
 * device, looping it, when launched with `fakeCameraArgs(file)`. `writeQrY4m` draws the QR code the
 * confirmation page shows (the same encoder, `qrcode`, with QrSvg's settings: error correction M, a
 * 4-module quiet zone) as a few frames of video, black modules on white paper, centred.
 */

/** Chromium's flags: a file for the camera, and the permission prompt answered yes. */
export function fakeCameraArgs(y4mPath: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mPath}`];
}

export interface QrVideoOptions {
  /** Frame size in pixels; both even (4:2:0 halves each for U and V). */
  width?: number;
  height?: number;
  /** Pixels per QR module. */
  moduleSize?: number;
  frames?: number;
}

/** The luma plane (BT.601 video range: 16 black, 235 white) of a frame showing `text`'s QR code. */
export function qrLumaPlane(text: string, { width = 640, height = 480, moduleSize = 10 }: QrVideoOptions = {}): Uint8Array {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const margin = 4;
  const side = (n + 2 * margin) * moduleSize;
  if (side > width || side > height) throw new Error(`a ${n}-module QR code at ${moduleSize} px a module does not fit in ${width}×${height}`);
  const y = new Uint8Array(width * height).fill(235);
  const left = Math.floor((width - side) / 2) + margin * moduleSize;
  const top = Math.floor((height - side) / 2) + margin * moduleSize;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < moduleSize; dy++) y.fill(16, (top + r * moduleSize + dy) * width + left + c * moduleSize, (top + r * moduleSize + dy) * width + left + (c + 1) * moduleSize);
    }
  return y;
}

/** Writes `text`'s QR code as a short 4:2:0 Y4M video (grey chroma: U and V at 128) to `path`. */
export function writeQrY4m(path: string, text: string, options: QrVideoOptions = {}): void {
  const { width = 640, height = 480, frames = 5 } = options;
  if (width % 2 || height % 2) throw new Error('Y4M 4:2:0 needs an even width and height');
  const luma = qrLumaPlane(text, { ...options, width, height });
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
