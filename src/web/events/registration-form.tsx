import { useState } from 'preact/hooks';
import { PROVINCES } from '../../core/geo/provinces.ts';
import { PublicRegistration, Registration } from '../../core/training/events.ts';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, SelectField, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import type { PublicRegistrationInput } from './api.ts';

/** Countries people come from most, besides Vietnam (named in the reader's language); any other is typed. */
const COUNTRIES = ['KH', 'LA', 'TH', 'MM', 'CN', 'MY', 'ID', 'PH', 'SG', 'KR', 'JP', 'IN', 'AU', 'NZ', 'US', 'GB', 'FR', 'DE', 'NL', 'CH', 'SE', 'CA'] as const;

const FIELDS = ['displayName', 'organisation', 'role', 'provinceId', 'country', 'email', 'phone', 'consent'] as const;

/**
 * The privacy-minimal registration form, the same for the public page and the desk: the name the
 * person wishes to use, organisation and role if they like, province or country, optional email
 * or phone, and consent given, never preticked. Checked with core's schema before sending.
 */
export function RegistrationForm(props: { mode: 'public' | 'desk'; submitLabel: string; forMeLabel?: string; onSubmit(body: PublicRegistrationInput): Promise<void> }) {
  const { t, lang } = useLang();
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [role, setRole] = useState('');
  const [where, setWhere] = useState<'vn' | 'abroad'>('vn');
  const [provinceId, setProvinceId] = useState('');
  const [country, setCountry] = useState('');
  const [otherCountry, setOtherCountry] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  // Never preticked: the person logged in says the registration is theirs (their account is linked).
  const [forMe, setForMe] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([lang], { type: 'region' }) : null;
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);

  const submit = onSubmit(() => {
    const chosenCountry = country === 'other' ? otherCountry.trim().toUpperCase() : country;
    const body = {
      displayName: name.trim(),
      organisation: opt(organisation),
      role: opt(role),
      ...(where === 'vn' ? { provinceId: opt(provinceId) } : { country: opt(chosenCountry) }),
      email: opt(email),
      phone: opt(phone),
      consent,
      ...(props.forMeLabel ? { forMe } : {}),
    };
    const parsed = (props.forMeLabel ? PublicRegistration : Registration).safeParse(body);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        let field = String(issue.path[0] ?? 'displayName');
        if (field === 'provinceId' && where === 'abroad') field = 'country';
        if ((FIELDS as readonly string[]).includes(field)) found[field] ??= t(`publicEvents.form.errors.${field as (typeof FIELDS)[number]}`);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    void run(() => props.onSubmit(body as PublicRegistrationInput));
  });

  return (
    <form class="form events-register" onSubmit={submit} noValidate>
      <FormError error={error} fields={FIELDS} />
      <TextField name="displayName" label={t('publicEvents.form.displayName')} hint={t('publicEvents.form.displayNameHint')} value={name} onValue={setName} error={errors.displayName} maxLength={80} autoComplete="nickname" />
      <TextField name="organisation" label={t('publicEvents.form.organisation')} value={organisation} onValue={setOrganisation} maxLength={200} autoComplete="organization" />
      <TextField name="role" label={t('publicEvents.form.role')} hint={t('publicEvents.form.roleHint')} value={role} onValue={setRole} maxLength={120} autoComplete="organization-title" />
      <fieldset class="field chip-field">
        <legend>{t('publicEvents.form.where')}</legend>
        <div class="chip-options">
          <label class="chip-toggle">
            <input type="radio" name="where" checked={where === 'vn'} onChange={() => setWhere('vn')} />
            <span>{t('publicEvents.form.inVietnam')}</span>
          </label>
          <label class="chip-toggle">
            <input type="radio" name="where" checked={where === 'abroad'} onChange={() => setWhere('abroad')} />
            <span>{t('publicEvents.form.abroad')}</span>
          </label>
        </div>
      </fieldset>
      {where === 'vn' ? (
        <SelectField name="provinceId" label={t('publicEvents.form.province')} value={provinceId} onValue={setProvinceId} placeholder={t('app.choose')} error={errors.provinceId} options={PROVINCES.map((p) => ({ value: p.id, label: p.name[lang] }))} />
      ) : (
        <>
          <SelectField
            name="country"
            label={t('publicEvents.form.country')}
            value={country}
            onValue={setCountry}
            placeholder={t('app.choose')}
            error={country === 'other' ? undefined : errors.country}
            options={[...COUNTRIES.map((c) => ({ value: c, label: names?.of(c) ?? c })).sort((a, b) => a.label.localeCompare(b.label, lang)), { value: 'other', label: t('publicEvents.form.otherCountry') }]}
          />
          {country === 'other' && <TextField name="otherCountry" label={t('publicEvents.form.countryCode')} hint={t('publicEvents.form.countryCodeHint')} value={otherCountry} onValue={setOtherCountry} error={errors.country} maxLength={2} autoCapitalize="none" />}
        </>
      )}
      <TextField name="email" label={t('publicEvents.form.email')} hint={t('publicEvents.form.optional')} value={email} onValue={setEmail} error={errors.email} maxLength={200} autoComplete="email" autoCapitalize="none" />
      <TextField name="phone" label={t('publicEvents.form.phone')} hint={t('publicEvents.form.optional')} value={phone} onValue={setPhone} error={errors.phone} maxLength={20} autoComplete="tel" inputMode="text" />
      <div class={errors.consent ? 'field field-invalid events-consent' : 'field events-consent'}>
        <h3>{t('publicEvents.consent.title')}</h3>
        <ul>
          <li>{t('publicEvents.consent.use')}</li>
          <li>{t('publicEvents.consent.who')}</li>
          <li>{t('publicEvents.consent.sealed')}</li>
          <li>{t('publicEvents.consent.never')}</li>
          <li>{t('publicEvents.consent.withdraw')}</li>
        </ul>
        <label class="choice">
          <input type="checkbox" name="consent" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          <span>
            <span class="choice-label">{props.mode === 'desk' ? t('publicEvents.consent.agreeDesk') : t('publicEvents.consent.agree')}</span>
          </span>
        </label>
        {errors.consent && (
          <p class="field-error" role="alert">
            {errors.consent}
          </p>
        )}
      </div>
      {props.forMeLabel && (
        <label class="choice">
          <input type="checkbox" name="forMe" checked={forMe} onChange={(e) => setForMe(e.currentTarget.checked)} />
          <span>
            <span class="choice-label">{props.forMeLabel}</span>
          </span>
        </label>
      )}
      <SubmitButton busy={busy} busyLabel={t('publicEvents.form.sending')}>
        {props.submitLabel}
      </SubmitButton>
    </form>
  );
}
