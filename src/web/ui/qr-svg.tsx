import QRCode from 'qrcode';

/**
 * A QR code drawn as one SVG path (crisp at any size, printable), holding `text` and nothing else.
 * `margin` is the quiet zone in modules around it (the QR specification asks for 4).
 */
export function QrSvg({ text, label, class: className, margin = 4 }: { text: string; label: string; class?: string; margin?: number }) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c} ${r}h1v1h-1z`;
  const side = n + 2 * margin;
  return (
    <svg class={className} viewBox={`${-margin} ${-margin} ${side} ${side}`} role="img" aria-label={label}>
      <rect x={-margin} y={-margin} width={side} height={side} fill="#fff" />
      <path d={d} fill="#111" />
    </svg>
  );
}
