import QRCode from 'qrcode';
import { useMemo, useState } from 'preact/hooks';
import type { CertificateDocument } from '../../core/training/course-api.ts';
import { participantApi } from '../courses/api.ts';
import { i18n, useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { certificateContent } from './content.ts';
import { downloadCertificate } from './download.ts';
import './certificates.css';

/** The QR code (the verification address) as an SVG path. */
function QrSvg({ text, label }: { text: string; label: string }) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c} ${r}h1v1h-1z`;
  return (
    <svg class="certificate-qr" viewBox={`-2 -2 ${n + 4} ${n + 4}`} role="img" aria-label={label}>
      <rect x={-2} y={-2} width={n + 4} height={n + 4} fill="#fff" />
      <path d={d} fill="#111" />
    </svg>
  );
}

/** The certificate as it prints, in its own language, as a preview (the PDF draws the same content). */
export function CertificatePreview({ doc }: { doc: CertificateDocument }) {
  const { t } = useLang();
  const c = useMemo(() => certificateContent(doc, i18n.getFixedT(doc.lang), location.origin), [doc]);
  return (
    <div class="certificate-preview" lang={c.lang}>
      <p class="certificate-heading">{c.heading}</p>
      <p class="certificate-muted">{c.subheading}</p>
      <p class="certificate-muted">{c.certifies}</p>
      <p class="certificate-name">{c.name}</p>
      <p class="certificate-muted">{c.completed}</p>
      <p class="certificate-title">{c.title}</p>
      {c.eventTitle && <p class="certificate-muted">{c.eventTitle}</p>}
      <div class="certificate-foot">
        <dl>
          {c.facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <div class="certificate-verify">
          <p class="certificate-muted">{c.codeLabel}</p>
          <p class="certificate-code">{c.code}</p>
          <QrSvg text={c.verifyUrl} label={t('certificates.qrLabel', { code: c.code })} />
        </div>
      </div>
    </div>
  );
}

/** The holder's certificate (no login; the registration code is the key): preview and PDF. */
export function CertificatePage({ code }: { code: string }) {
  const { t } = useLang();
  const res = useResource(() => participantApi.certificate(code), [code]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const back = { href: `/registrations/${encodeURIComponent(code)}`, label: t('courses.take.back') };
  if (res.error !== undefined) {
    return (
      <Page title={t('certificates.yours')} back={back}>
        <ErrorMessage error={res.error} onRetry={res.reload} />
      </Page>
    );
  }
  if (!res.data) return <Loading />;
  const doc = res.data;
  const download = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await downloadCertificate(doc);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('certificates.yours')} back={back} wide>
      <CertificatePreview doc={doc} />
      {failed && <Notice tone="warning">{t('certificates.pdfFailed')}</Notice>}
      <button type="button" class="button button-primary button-block" disabled={busy} onClick={() => void download()}>
        {busy ? t('app.loading') : t('certificates.download')}
      </button>
      <p class="hint">
        {t('certificates.shareHint')} <Link href={`/verify/${doc.code}`}>{`${location.host}/verify/${doc.code}`}</Link>
      </p>
    </Page>
  );
}
