import fc from 'fast-check';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { newRegistrationCode, normaliseRegistrationCode } from '../../core/training/events.ts';

/** The QR code the confirmation draws (ui/qr-svg.tsx: error correction M, a 4-module quiet zone), as the camera would see it. */
function pixels(text: string, scale = 4, margin = 4): { data: Uint8ClampedArray; side: number } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = (n + 2 * margin) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + margin) * scale + y) * side + (c + margin) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }
  return { data, side };
}

describe('the confirmation QR code and the check-in fallback reader', () => {
  it('jsQR reads back exactly the registration code, which check-in accepts as it is (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const code = newRegistrationCode(() => bytes);
        const { data, side } = pixels(code);
        const read = jsQR(data, side, side, { inversionAttempts: 'dontInvert' });
        expect(read?.data).toBe(code);
        expect(normaliseRegistrationCode(read!.data)).toBe(code);
      }),
      { numRuns: 25 },
    );
  });
});
