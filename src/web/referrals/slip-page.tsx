import { useMemo, useState } from 'preact/hooks';
import type { Lang } from '../../core/i18n/index.ts';
import { useField } from '../field/context.tsx';
import { i18n, useLang } from '../shell/i18n.tsx';
import { Page } from '../ui/page.tsx';
import { QrSvg } from '../ui/qr-svg.tsx';
import { Notice } from '../ui/status.tsx';
import { slipContent, slipMessage } from './slip-content.ts';
import type { SlipSize } from './slip-pdf.ts';

/** Language names in their own language: the slip's reader may not read the worker's. */
const SLIP_LANGS: readonly { lang: Lang; name: string }[] = [
  { lang: 'vi', name: 'Tiếng Việt' },
  { lang: 'en', name: 'English' },
];

/**
 * The referral slip (issue #5 §3): a preview, PDFs (A6 card, A4 page) drawn here on the phone,
 * offline, in Vietnamese or English whatever the app's language, and a short text to send by chat.
 */
export function SlipPage({ referralId }: { referralId: string }) {
  const { t, lang } = useLang();
  const field = useField();
  const [slipLang, setSlipLang] = useState<Lang>(lang);
  const [busy, setBusy] = useState<SlipSize | null>(null);
  const [failed, setFailed] = useState(false);
  const [copied, setCopied] = useState(false);
  const referral = field.view.referrals.find((r) => r.id === referralId);
  const provider = field.view.providers.find((p) => p.id === referral?.providerId);
  const content = useMemo(() => (referral ? slipContent(referral, provider, i18n.getFixedT(slipLang), slipLang) : null), [referral, provider, slipLang]);
  const back = { href: `/field/referrals/${referralId}`, label: referral?.code ?? t('referrals.title') };
  if (!referral || !content) {
    return (
      <Page title={t('referrals.slip')} back={back}>
        <Notice tone="warning">{t('referrals.notFound')}</Notice>
      </Page>
    );
  }

  const download = async (size: SlipSize) => {
    setBusy(size);
    setFailed(false);
    try {
      const { slipPdf } = await import('./slip-pdf.ts');
      const bytes = await slipPdf(content, size);
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${t('referrals.slipFile')}-${referral.code}-${size.toUpperCase()}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  const message = slipMessage(content);
  const share = async () => {
    setCopied(false);
    try {
      if (navigator.share) {
        await navigator.share({ text: message });
        return;
      }
      await navigator.clipboard.writeText(message);
      setCopied(true);
    } catch {
      // Closing the share sheet is not a failure; the text stays on screen to copy by hand.
    }
  };

  return (
    <Page title={t('referrals.slip')} back={back}>
      <p class="hint">{t('referrals.slipHint')}</p>
      <fieldset class="field chip-field">
        <legend>{t('referrals.slipLang')}</legend>
        <div class="chip-options">
          {SLIP_LANGS.map((l) => (
            <label class="chip-toggle" key={l.lang}>
              <input type="radio" name="slipLang" value={l.lang} checked={slipLang === l.lang} onChange={() => setSlipLang(l.lang)} />
              <span lang={l.lang}>{l.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="slip-preview" lang={slipLang} aria-label={t('referrals.slipPreview')}>
        <p class="slip-title">{content.title}</p>
        <div class="slip-code-row">
          <div>
            <p class="slip-label">{content.codeLabel}</p>
            <p class="slip-code">{content.code}</p>
            <p class="slip-label">{content.showCode}</p>
          </div>
          <QrSvg class="slip-qr" margin={2} text={content.code} label={t('referrals.qrLabel', { code: content.code })} />
        </div>
        <p class="slip-label">{content.goTo}</p>
        <p class="slip-provider">{content.providerName}</p>
        <dl class="slip-facts">
          {content.facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {content.dueLine && <p class="slip-due">{content.dueLine}</p>}
      </div>
      {failed && <Notice tone="warning">{t('referrals.slipFailed')}</Notice>}
      <div class="button-row slip-actions">
        <button type="button" class="button button-primary" disabled={busy !== null} onClick={() => void download('a6')}>
          {busy === 'a6' ? t('app.loading') : t('referrals.pdfA6')}
        </button>
        <button type="button" class="button" disabled={busy !== null} onClick={() => void download('a4')}>
          {busy === 'a4' ? t('app.loading') : t('referrals.pdfA4')}
        </button>
      </div>
      <section class="panel" aria-labelledby="slip-message-title">
        <h2 id="slip-message-title">{t('referrals.messageTitle')}</h2>
        <pre class="slip-message">{message}</pre>
        <button type="button" class="button button-block" onClick={() => void share()}>
          {t('referrals.shareMessage')}
        </button>
        {copied && (
          <p class="hint" role="status">
            {t('referrals.copied')}
          </p>
        )}
      </section>
    </Page>
  );
}
