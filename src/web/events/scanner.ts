/**
 * Reads QR codes from the camera for check-in. Where the browser has the Barcode Detection API
 * (Chrome on Android), it is used; elsewhere jsQR (pure JavaScript, no download at run time) is
 * fetched with this page only, so no other page pays for it. The typed-code field is always there
 * besides: a camera may be refused, broken or too dim.
 */
export interface Scanner {
  stop(): void;
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = { new (options: { formats: string[] }): Detector; getSupportedFormats?(): Promise<string[]> };

async function nativeDetector(): Promise<Detector | null> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    const formats = (await Native.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Native({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** jsQR on frames drawn to a canvas, scaled down: a registration code is a small, coarse QR code. */
async function fallbackDetector(): Promise<Detector> {
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return {
    async detect(video) {
      if (!ctx || video.videoWidth === 0) return [];
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      return found ? [{ rawValue: found.data }] : [];
    },
  };
}

export type ScannerProblem = 'no-camera' | 'denied' | 'failed';

/** Starts the back camera in `video` and calls `onCode` with each code read (the same one at most every 3 s). */
export async function startScanner(video: HTMLVideoElement, onCode: (text: string) => void): Promise<Scanner> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('no-camera' satisfies ScannerProblem);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (err) {
    throw new Error((err instanceof DOMException && err.name === 'NotAllowedError' ? 'denied' : 'no-camera') satisfies ScannerProblem);
  }
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play().catch(() => {});
  const detector = (await nativeDetector()) ?? (await fallbackDetector());
  let stopped = false;
  let last = { text: '', at: 0 };
  const tick = async () => {
    if (stopped) return;
    try {
      const [first] = await detector.detect(video);
      const now = Date.now();
      if (first?.rawValue && (first.rawValue !== last.text || now - last.at > 3000)) {
        last = { text: first.rawValue, at: now };
        onCode(first.rawValue);
      }
    } catch {
      // A frame that cannot be read (the video not ready yet) is skipped.
    }
    if (!stopped) setTimeout(() => void tick(), 250);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}

export function scannerProblem(err: unknown): ScannerProblem {
  const m = err instanceof Error ? err.message : '';
  return m === 'denied' || m === 'no-camera' ? m : 'failed';
}
