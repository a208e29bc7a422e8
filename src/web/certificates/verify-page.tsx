import { useState } from 'preact/hooks';
import { verifyCertificateCode } from '../../core/training/certificates.ts';
import { participantApi } from '../courses/api.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { FormError, onSubmit, SubmitButton, TextField } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { formatDate } from './content.ts';
import './certificates.css';

/**
 * Public verification (no login): type a certificate's code, or open the address in its QR code.
 * The answer shows only the name on the certificate, the course and the date; or that it was
 * revoked; or that the code has a typing slip (its check character), checked here before asking.
 */
export function VerifyPage({ code }: { code?: string }) {
  const { t } = useLang();
  const [typed, setTyped] = useState(code ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const check = () => {
    const c = verifyCertificateCode(typed);
    if (!c.ok) {
      setError(c.reason === 'TYPO' ? t('verify.typo') : t('verify.notACode'));
      return;
    }
    setError(undefined);
    navigate(`/verify/${c.code}`);
  };
  return (
    <Page title={t('verify.title')}>
      <p>{t('verify.intro')}</p>
      <form onSubmit={onSubmit(check)} noValidate class="verify-form">
        <TextField name="code" label={t('verify.code')} hint={t('verify.codeHint')} value={typed} onValue={setTyped} error={error} autoCapitalize="none" autoCorrect="off" spellcheck={false} maxLength={20} />
        <SubmitButton busy={false}>{t('verify.check')}</SubmitButton>
      </form>
      {code && <VerifyAnswer key={code} code={code} />}
    </Page>
  );
}

function VerifyAnswer({ code }: { code: string }) {
  const { t, lang } = useLang();
  const res = useResource(() => participantApi.verify(code), [code]);
  if (res.loading) return <Loading />;
  if (res.error !== undefined) {
    return (
      <div class="verify-answer" aria-live="polite">
        <FormError error={res.error} />
      </div>
    );
  }
  const v = res.data!;
  if (v.status === 'revoked') {
    return (
      <div class="verify-answer" aria-live="polite">
        <Notice tone="warning">{t('verify.revoked', { code })}</Notice>
      </div>
    );
  }
  return (
    <div class="verify-answer" aria-live="polite">
      <Notice tone="success">{t('verify.valid', { code })}</Notice>
      <dl class="verify-facts">
        <div>
          <dt>{t('verify.name')}</dt>
          <dd>{v.nameOnCertificate}</dd>
        </div>
        <div>
          <dt>{t('verify.course')}</dt>
          <dd>{v.course}</dd>
        </div>
        <div>
          <dt>{t('verify.date')}</dt>
          <dd>{formatDate(v.date, lang)}</dd>
        </div>
      </dl>
      <p class="hint">{t('verify.only')}</p>
    </div>
  );
}
