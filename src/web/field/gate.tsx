import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { checkPin, PIN_MAX_FAILURES, PIN_MAX_LENGTH } from '../../core/auth/pin-policy.ts';
import type { Me } from '../../core/users/schema.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe, useShell } from '../shell/session.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Loading, Notice } from '../ui/status.tsx';
import { FieldProvider, useDeviceState } from './context.tsx';
import { runtime } from './runtime.ts';

/**
 * The doors to field data on this phone: setting the first PIN, unlocking with it, and what
 * happens when the phone holds someone else's data. Pages of field work open only through
 * `FieldGate`; the rest of the app goes through `DeviceCheck`, which asks for a PIN at the first
 * login of someone who does field work.
 */
const PIN_LATER = 'fieldlab.pinLater.';

function pinLater(me: Me): boolean {
  try {
    return sessionStorage.getItem(PIN_LATER + me.user.id) === '1';
  } catch {
    return false;
  }
}

function PinField(props: { name: string; label: string; value: string; onValue(v: string): void; error?: string; hint?: string; autoFocus?: boolean }) {
  return (
    <TextField
      {...props}
      type="password"
      inputMode="numeric"
      autoComplete="off"
      autoCorrect="off"
      spellcheck={false}
      maxLength={PIN_MAX_LENGTH}
      class="input-pin"
    />
  );
}

export function SetPinPage({ me, onLater }: { me: Me; onLater?: () => void }) {
  const { t } = useLang();
  const shell = useShell();
  const orgs = me.organisations.filter((o) => o.permissions.includes('sync.use'));
  const [orgId, setOrgId] = useState(orgs[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();

  const submit = () => {
    const errs: FieldErrors = {};
    const problem = checkPin(pin);
    if (problem) errs.pin = t(`pin.problems.${problem}`);
    else if (again !== pin) errs.pinAgain = t('pin.differ');
    setInvalid(errs);
    if (Object.keys(errs).length) return;
    void run(async () => {
      await runtime.create(pin, me, orgId);
      shell.flash({ path: location.pathname, tone: 'success', text: (tr) => tr('pin.set') });
    });
  };

  return (
    <Page title={t('pin.setTitle')}>
      {runtime.wipedBecause && <Notice tone="warning">{t(runtime.wipedBecause === 'failures' ? 'device.wipedAfterFailures' : 'device.wiped')}</Notice>}
      <p class="lead">{t('pin.why')}</p>
      <ul class="plain-list">
        <li>{t('pin.lockAfter')}</li>
        <li>{t('pin.wipeAfter', { count: PIN_MAX_FAILURES })}</li>
        <li>{t('pin.forget')}</li>
      </ul>
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        {orgs.length > 1 && (
          <SelectField name="orgId" label={t('pin.organisation')} hint={t('pin.organisationHint')} value={orgId} onValue={setOrgId} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        )}
        <PinField name="pin" label={t('pin.new')} hint={t('pin.hint')} value={pin} onValue={setPin} error={invalid.pin} />
        <PinField name="pinAgain" label={t('pin.again')} value={again} onValue={setAgain} error={invalid.pinAgain} />
        <SubmitButton busy={busy} busyLabel={t('pin.protecting')}>
          {t('pin.setSubmit')}
        </SubmitButton>
      </form>
      {onLater && (
        <>
          <h2>{t('pin.laterTitle')}</h2>
          <p class="hint">{t('pin.laterText')}</p>
          <button type="button" class="button button-block pin-later" onClick={onLater}>
            {t('pin.later')}
          </button>
        </>
      )}
    </Page>
  );
}

/** Erase this phone's field data ("forgot the PIN", or the device page), after saying what would be lost. */
export function WipeOffer({ unsent, onWiped }: { unsent: number; onWiped?: () => void }) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  return (
    <ConfirmButton
      label={t('device.wipe')}
      question={
        <>
          {unsent > 0 && <strong class="block">{t('device.wipeUnsent', { count: unsent })}</strong>}
          {t('device.wipeQuestion')}
        </>
      }
      confirmLabel={t('device.wipeConfirm')}
      tone="danger"
      busy={busy}
      onConfirm={() => {
        setBusy(true);
        void runtime.wipe().then(() => {
          setBusy(false);
          onWiped?.();
        });
      }}
    />
  );
}

export function UnlockPage({ onUnlocked, offline }: { onUnlocked?: () => void; offline?: boolean }) {
  const { t } = useLang();
  const state = useDeviceState();
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState<string | undefined>(undefined);
  const [forgot, setForgot] = useState(false);
  const { busy, error, run } = useSubmit();
  const info = state.kind === 'locked' || state.kind === 'unlocked' ? state.info : null;

  const submit = () => {
    if (!pin) {
      setWrong(t('errors.required'));
      return;
    }
    void run(async () => {
      const result = await runtime.unlock(pin);
      setPin('');
      if (result.ok) {
        setWrong(undefined);
        onUnlocked?.();
      } else if (result.reason === 'wrong-pin') {
        setWrong(t('pin.wrong', { count: result.triesLeft }));
      }
    });
  };

  return (
    <Page title={t('pin.unlockTitle')}>
      {offline && <Notice>{t('pin.offline')}</Notice>}
      <p class="lead">{info?.ownerName ? t('pin.unlockTextNamed', { name: info.ownerName }) : t('pin.unlockText')}</p>
      {info && info.failures > 0 && !wrong && <Notice tone="warning">{t('pin.failuresSoFar', { count: info.failures, left: PIN_MAX_FAILURES - info.failures })}</Notice>}
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        <PinField name="pin" label={t('pin.pin')} value={pin} onValue={setPin} error={wrong} autoFocus />
        <SubmitButton busy={busy} busyLabel={t('pin.opening')}>
          {t('pin.unlock')}
        </SubmitButton>
      </form>
      {!forgot ? (
        <p>
          <button type="button" class="button-link" onClick={() => setForgot(true)}>
            {t('pin.forgot')}
          </button>
        </p>
      ) : (
        <section class="panel" aria-labelledby="forgot-title">
          <h2 id="forgot-title">{t('pin.forgotTitle')}</h2>
          <p>{t('pin.forgotText')}</p>
          <WipeOffer unsent={info?.unsent ?? 0} />
        </section>
      )}
    </Page>
  );
}

/** Ten wrong PINs, or a wipe asked for on the unlock page: said plainly. */
function WipedPage({ onRetry }: { onRetry?: () => void }) {
  const { t } = useLang();
  return (
    <Page title={t('device.wipedTitle')}>
      <Notice tone="warning">{t(runtime.wipedBecause === 'failures' ? 'device.wipedAfterFailures' : 'device.wiped')}</Notice>
      <p>{t('device.wipedOffline')}</p>
      {onRetry && (
        <button type="button" class="button button-primary button-block" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </Page>
  );
}

export function OtherOwnerPage() {
  const { t } = useLang();
  const shell = useShell();
  const state = useDeviceState();
  if (state.kind !== 'locked' && state.kind !== 'unlocked') return <Loading />;
  const { ownerName, unsent } = state.info;
  const name = ownerName || t('device.someoneElse');
  return (
    <Page title={t('device.otherTitle')}>
      <p class="lead">{t('device.otherText', { name })}</p>
      {unsent > 0 && <Notice tone="warning">{t('device.otherUnsent', { count: unsent, name })}</Notice>}
      <p>{t('device.otherWipe')}</p>
      <div class="button-stack">
        <WipeOffer unsent={unsent} />
        <button type="button" class="button button-block" onClick={() => void shell.logout({ force: true })}>
          {t('nav.logout')}
        </button>
      </div>
    </Page>
  );
}

/**
 * Around every page for people who do field work: their first login asks for a PIN (or "not on
 * this device" for the session), and a phone holding another person's data says so.
 */
export function DeviceCheck({ path, children }: { path: string; children: ComponentChildren }) {
  const me = useMe();
  const state = useDeviceState();
  const [, setLater] = useState(0);
  useEffect(() => runtime.noteMe(me), [me]);
  // Field pages and the logout page hold their own gate.
  if (path.startsWith('/field') || path === '/logout') return <>{children}</>;
  if (state.kind === 'checking') return <Loading />;
  if (state.kind === 'none') {
    if (pinLater(me)) return <>{children}</>;
    return (
      <SetPinPage
        me={me}
        onLater={() => {
          try {
            sessionStorage.setItem(PIN_LATER + me.user.id, '1');
          } catch {
            // Without storage, "later" lasts until the page changes.
          }
          setLater((n) => n + 1);
        }}
      />
    );
  }
  if (state.info.ownerUserId !== me.user.id) return <OtherOwnerPage />;
  return <>{children}</>;
}

/** Field pages: only with this person's data, unlocked. */
export function FieldGate({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const state = useDeviceState();
  useEffect(() => runtime.noteMe(me), [me]);
  if (state.kind === 'checking') return <Loading />;
  if (state.kind === 'none') return <SetPinPage me={me} />;
  if (state.info.ownerUserId !== me.user.id) return <OtherOwnerPage />;
  if (state.kind === 'locked') return <UnlockPage />;
  return (
    <FieldProvider me={me} state={state}>
      {children}
    </FieldProvider>
  );
}

/**
 * The first screen when the app starts without a network and the phone holds field data: the PIN
 * opens the data and the person's last /api/me answer, sealed with it, so work goes on offline.
 */
export function OfflineUnlockPage({ onUnlocked, onRetry }: { onUnlocked(me: Me): void; onRetry(): void }) {
  const { t } = useLang();
  const state = useDeviceState();
  const [noAccount, setNoAccount] = useState(false);
  if (state.kind === 'none') return <WipedPage onRetry={onRetry} />;
  if (noAccount) {
    return (
      <Page title={t('app.unreachableTitle')}>
        <Notice tone="warning">{t('pin.noSavedLogin')}</Notice>
        <button type="button" class="button button-primary button-block" onClick={onRetry}>
          {t('app.retry')}
        </button>
      </Page>
    );
  }
  return (
    <UnlockPage
      offline
      onUnlocked={() => {
        const s = runtime.get();
        const me = s.kind === 'unlocked' ? s.store.me() : null;
        if (me) onUnlocked(me);
        else setNoAccount(true);
      }}
    />
  );
}
