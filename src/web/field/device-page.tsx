import { useState } from 'preact/hooks';
import { useLang } from '../shell/i18n.tsx';
import { navigate } from '../shell/router.tsx';
import { SelectField } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { useField } from './context.tsx';
import { WipeOffer } from './gate.tsx';
import { LOCK_CHOICES_SECONDS, lockAfterSeconds, runtime, setLockAfterSeconds } from './runtime.ts';

/** This phone: whose data it holds, when it locks, lock now, and erase everything in one action. */
export function DevicePage() {
  const { t } = useLang();
  const { me, orgId, store } = useField();
  const [lockAfter, setLockAfter] = useState(lockAfterSeconds());
  const unsent = store.outbox().length;
  const org = me.organisations.find((o) => o.id === orgId);
  const choices = LOCK_CHOICES_SECONDS.includes(lockAfter as (typeof LOCK_CHOICES_SECONDS)[number]) ? LOCK_CHOICES_SECONDS : [lockAfter, ...LOCK_CHOICES_SECONDS];
  return (
    <Page title={t('device.title')} back={{ href: '/field', label: t('field.title') }}>
      <dl class="facts">
        <dt>{t('device.owner')}</dt>
        <dd>{me.user.displayName ?? me.user.username}</dd>
        <dt>{t('device.organisation')}</dt>
        <dd>{org?.name ?? '—'}</dd>
        <dt>{t('device.unsent')}</dt>
        <dd>{unsent}</dd>
      </dl>

      <section class="panel" aria-labelledby="lock-title">
        <h2 id="lock-title">{t('device.lockTitle')}</h2>
        <p>{t('device.lockText')}</p>
        <SelectField
          name="lockAfter"
          label={t('device.lockAfter')}
          value={String(lockAfter)}
          onValue={(v) => {
            setLockAfter(Number(v));
            setLockAfterSeconds(Number(v));
          }}
          options={choices.map((s) => ({ value: String(s), label: s >= 60 ? t('device.minutes', { count: s / 60 }) : t('device.seconds', { count: s }) }))}
        />
        <button type="button" class="button button-block" onClick={() => runtime.lock()}>
          {t('device.lockNow')}
        </button>
      </section>

      <section class="panel panel-danger" aria-labelledby="wipe-title">
        <h2 id="wipe-title">{t('device.wipeTitle')}</h2>
        <p>{t('device.wipeText')}</p>
        {/* The next page (the first PIN) says the data is gone. */}
        <WipeOffer unsent={unsent} onWiped={() => navigate('/')} />
      </section>
    </Page>
  );
}
