import { useMemo, useState } from 'preact/hooks';
import { newId } from '../../core/ids.ts';
import { dueOnFor, newReferralCode } from '../../core/referrals/index.ts';
import { REFERRAL_SERVICES, REFERRAL_URGENCIES, SHARE_FIELDS, type CreateReferralArgs, type ReferralService, type ReferralUrgency, type ShareField } from '../../core/referrals/schema.ts';
import { findClient, useField } from '../field/context.tsx';
import { ChipGroup } from '../field/controls.tsx';
import { fixFromQuery } from '../field/fix.ts';
import { formatDay, formatRating } from '../field/format.ts';
import { runtime } from '../field/runtime.ts';
import type { ProviderView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { providersFor } from '../providers/directory.ts';

/** A crisis episode's referral need (issue #4) as a referral's urgency: an emergency stays one, "urgent" means today. */
const URGENCY_OF_CRISIS: Record<string, ReferralUrgency> = { emergency: 'emergency', urgent: 'same_day' };

/**
 * Make a referral (issue #5 §2), offline: from a client's page, from a contact (`?contactId=`) or
 * from a crisis episode (`?crisisEpisodeId=`, pre-filled from its referral need). The code is made
 * here on the phone; what is shared is limited to what the client consented to. With `?fix=`, a
 * referral the server refused comes back in the form to be corrected and resent (same referral, and
 * the same code unless the code was the problem, so a slip already given stays good).
 */
export function ReferralFormPage({ clientId }: { clientId: string }) {
  const { t, lang } = useLang();
  const shell = useShell();
  const place = usePlace();
  const field = useField();
  const client = findClient(field, clientId);
  const contactId = place.query.get('contactId');
  const episode = field.view.crisisEpisodes.find((e) => e.id === place.query.get('crisisEpisodeId')) ?? null;
  const need = episode?.referralNeed ?? null;
  const fix = useMemo(() => fixFromQuery<CreateReferralArgs>(field, 'createReferral', place.query), [place.query.get('fix')]);
  const initial = fix?.args;

  const [service, setService] = useState<ReferralService | ''>(initial?.service ?? (place.query.get('service') as ReferralService | null) ?? (need ? 'crisis_care' : ''));
  const [providerId, setProviderId] = useState(initial?.providerId ?? place.query.get('providerId') ?? '');
  const [reason, setReason] = useState(initial?.reason ?? need?.note ?? '');
  const [urgency, setUrgency] = useState<ReferralUrgency>(initial?.urgency ?? ((need && URGENCY_OF_CRISIS[need.urgency]) || 'within_week'));
  const startedAt = useMemo(() => new Date().toISOString(), []);
  const [dueOn, setDueOn] = useState(() => initial?.dueOn ?? dueOnFor(urgency, startedAt));
  const [share, setShare] = useState<ShareField[]>(initial?.share ?? []);
  const [invalid, setInvalid] = useState<FieldErrors>(fix?.field ? { [fix.field]: fix.entry.rejection?.message ?? '' } : {});
  const { busy, error, run } = useSubmit();

  const back = fix ? { href: '/field/sync', label: t('sync.attentionTitle') } : client ? { href: `/field/clients/${client.id}`, label: client.uic } : { href: '/field', label: t('field.title') };
  if (!client) {
    return (
      <Page title={t('referrals.newTitle')} back={back}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }
  const consented = client.consents.referral_sharing;
  const providers: ProviderView[] = service ? providersFor(field.view.providers, { service, near: client.profile.provinceId }) : [];
  const provider = providers.find((p) => p.id === providerId);

  const chooseUrgency = (u: ReferralUrgency) => {
    setUrgency(u);
    setDueOn(dueOnFor(u, new Date().toISOString()));
  };

  const submit = () => {
    const errs: FieldErrors = {};
    if (!service) errs.service = t('errors.choose');
    if (!provider) errs.providerId = t('referrals.providerRequired');
    if (!reason.trim()) errs.reason = t('referrals.reasonRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn) || dueOn < field.today) errs.dueOn = t('referrals.dueInvalid');
    setInvalid(errs);
    if (Object.keys(errs).length || !service || !provider) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.field-invalid input, .field-invalid select, .field-invalid textarea, .field-invalid')?.focus());
      return;
    }
    const freshCode = () => newReferralCode((n) => crypto.getRandomValues(new Uint8Array(n)));
    const args: CreateReferralArgs = {
      referralId: initial?.referralId ?? newId(),
      code: initial && fix?.entry.rejection?.code !== 'REFERRAL_CODE_TAKEN' ? initial.code : freshCode(),
      clientId: client.id,
      providerId: provider.id,
      service,
      reason: reason.trim(),
      urgency,
      dueOn,
      share: consented ? SHARE_FIELDS.filter((f) => share.includes(f)) : [],
      at: initial?.at ?? new Date().toISOString(),
      contactId: initial ? initial.contactId : contactId && client.contacts.some((c) => c.id === contactId) ? contactId : null,
      crisisEpisodeId: initial ? initial.crisisEpisodeId : (episode?.id ?? null),
      send: true,
    };
    void run(async () => {
      if (fix) {
        await runtime.resend(fix.entry.id, 'createReferral', args);
        navigate('/field/sync');
        shell.flash({ path: '/field/sync', tone: 'success', text: (tr) => tr('sync.resent') });
        return;
      }
      await runtime.save('createReferral', args);
      const to = `/field/referrals/${args.referralId}`;
      navigate(to);
      shell.flash({ path: to, tone: 'success', text: (tr) => tr('referrals.saved', { code: args.code }) });
    });
  };

  return (
    <Page title={fix ? t('referrals.fixTitle') : t('referrals.newTitle')} back={back}>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      {need && <Notice tone="warning">{t('referrals.fromCrisis', { urgency: t(`referrals.urgencies.${urgency}`) })}</Notice>}
      {fix && (
        <Notice tone="warning">
          {t('referrals.rejected')} {fix.entry.rejection?.message || t('sync.noReason')}
        </Notice>
      )}
      <form class="form form-referral" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        <SelectField
          name="service"
          label={t('referrals.service')}
          value={service}
          onValue={(v) => {
            setService(v as ReferralService);
            setProviderId('');
          }}
          placeholder={t('app.choose')}
          options={REFERRAL_SERVICES.map((s) => ({ value: s, label: t(`referrals.services.${s}`) }))}
          error={invalid.service}
        />
        {service && (
          <fieldset id="field-providerId" class={invalid.providerId ? 'field choices provider-choices field-invalid' : 'field choices provider-choices'}>
            <legend>{t('referrals.provider')}</legend>
            {providers.length === 0 && <p class="hint">{t('referrals.noProvider')}</p>}
            {providers.map((p) => (
              <label class="choice" key={p.id}>
                <input type="radio" name="providerId" value={p.id} checked={providerId === p.id} onChange={() => setProviderId(p.id)} />
                <span>
                  <span class="choice-label">{p.name}</span>
                  <span class="choice-hint">
                    {p.orgId ? t('providers.inNetwork') : t('providers.listed')}
                    {p.walkIn && ` · ${t('providers.walkIn')}`}
                    {p.friendliness !== null && ` · ${t('providers.friendlinessShort', { score: formatRating(p.friendliness, lang) })}`}
                    <br />
                    {p.address}
                  </span>
                </span>
              </label>
            ))}
            {invalid.providerId && (
              <p class="field-error" role="alert">
                {invalid.providerId}
              </p>
            )}
          </fieldset>
        )}
        <ChipGroup
          name="urgency"
          legend={t('referrals.urgency')}
          multiple={false}
          options={REFERRAL_URGENCIES.map((u) => ({ value: u, label: t(`referrals.urgencies.${u}`) }))}
          values={[urgency]}
          onValues={(v) => v[0] && chooseUrgency(v[0] as ReferralUrgency)}
        />
        <div class={invalid.dueOn ? 'field field-invalid' : 'field'}>
          <label for="field-dueOn">{t('referrals.dueOn')}</label>
          <p class="hint" id="field-dueOn-hint">
            {t('referrals.dueHint', { date: /^\d{4}-\d{2}-\d{2}$/.test(dueOn) ? formatDay(dueOn, lang) : '—' })}
          </p>
          <input id="field-dueOn" type="date" min={field.today} value={dueOn} onInput={(e) => setDueOn(e.currentTarget.value)} aria-describedby="field-dueOn-hint" aria-invalid={invalid.dueOn ? true : undefined} />
          {invalid.dueOn && (
            <p class="field-error" role="alert">
              {invalid.dueOn}
            </p>
          )}
        </div>
        <div class={invalid.reason ? 'field field-invalid' : 'field'}>
          <label for="field-reason">{t('referrals.reason')}</label>
          <p class="hint" id="field-reason-hint">
            {t('referrals.reasonHint')}
          </p>
          <textarea id="field-reason" rows={3} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby="field-reason-hint" aria-invalid={invalid.reason ? true : undefined} />
          {invalid.reason && (
            <p class="field-error" role="alert">
              {invalid.reason}
            </p>
          )}
        </div>
        <fieldset class="field choices share-choices" aria-describedby="field-share-hint">
          <legend>{t('referrals.shareTitle')}</legend>
          <p class="hint" id="field-share-hint">
            {consented ? t('referrals.shareHint') : t('referrals.shareNoConsent')}
          </p>
          <label class="choice">
            <input type="checkbox" checked disabled />
            <span>
              <span class="choice-label">{t('referrals.shareCode')}</span>
            </span>
          </label>
          {SHARE_FIELDS.map((f) => (
            <label class={consented ? 'choice' : 'choice choice-disabled'} key={f}>
              <input
                type="checkbox"
                name="share"
                value={f}
                disabled={!consented}
                checked={consented && share.includes(f)}
                onChange={(e) => setShare(e.currentTarget.checked ? [...share, f] : share.filter((x) => x !== f))}
              />
              <span>
                <span class="choice-label">{t(`referrals.share.${f}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div class="sticky-actions">
          <SubmitButton busy={busy}>{fix ? t('sync.saveAndResend') : t('referrals.save')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
