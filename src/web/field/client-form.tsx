import { useMemo, useState } from 'preact/hooks';
import {
  CONSENT_KINDS,
  ClientProfile,
  GENDER_IDENTITIES,
  KEY_POPULATIONS,
  REFERRAL_SOURCES,
  ROUTES_OF_USE,
  SUBSTANCES,
  type ConsentKind,
  type RegisterClientArgs,
} from '../../core/clients/schema.ts';
import { buildUic, uicParts } from '../../core/clients/uic.ts';
import { PROVINCES } from '../../core/geo/provinces.ts';
import { newId } from '../../core/ids.ts';
import { lastContactBy, uicMatches } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate, usePlace } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { CheckboxField, FormError, onSubmit, SelectField, SubmitButton, TextField, useSubmit, type FieldErrors } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { useField } from './context.tsx';
import { ChipGroup } from './controls.tsx';
import { fixFromQuery } from './fix.ts';
import { runtime } from './runtime.ts';

type Sex = 'M' | 'F' | '';

/** A birth year typed on the phone: four digits in a plausible range, or nothing (unknown). */
function parseYear(text: string, thisYear: number): number | null | 'invalid' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d{4}$/.test(trimmed)) return 'invalid';
  const year = Number(trimmed);
  return year >= 1920 && year <= thisYear ? year : 'invalid';
}

/**
 * Registering someone without their name (issue #3, point 1): the UIC questions build the code
 * live; the phone's clients are checked for the same code (offer that person instead) and for codes
 * one answer away (ask whether it is the same person); then the profile and the consents.
 */
export function NewClientPage() {
  const { t, lang } = useLang();
  const shell = useShell();
  const place = usePlace();
  const field = useField();
  const { view, sites, me } = field;
  const fix = useMemo(() => fixFromQuery<RegisterClientArgs>(field, 'registerClient', place.query), [place.query.get('fix')]);
  const thisYear = new Date().getFullYear();
  const last = lastContactBy(view, field.userId);
  const defaultSite = sites.find((s) => s.id === last?.siteId) ?? sites[0];

  const initial = fix?.args;
  const [keptUic, setKeptUic] = useState<string | null>(initial?.uic ?? null);
  const [mother, setMother] = useState('');
  const [father, setFather] = useState('');
  const [sex, setSex] = useState<Sex>((initial?.profile.sexAtBirth as Sex | null) ?? '');
  const [year, setYear] = useState(initial?.profile.birthYear ? String(initial.profile.birthYear) : '');
  const [different, setDifferent] = useState<string[]>([]);
  const [nickname, setNickname] = useState(initial?.profile.nickname ?? '');
  const [phone, setPhone] = useState(initial?.profile.phone ?? '');
  const [gender, setGender] = useState<string>(initial?.profile.genderIdentity ?? '');
  const [keyPops, setKeyPops] = useState<string[]>(initial?.profile.keyPopulations ?? []);
  const [substances, setSubstances] = useState<string[]>(initial?.profile.substances ?? []);
  const [routes, setRoutes] = useState<string[]>(initial?.profile.routes ?? []);
  const [siteId, setSiteId] = useState(initial?.profile.siteId ?? defaultSite?.id ?? '');
  const [provinceId, setProvinceId] = useState(initial?.profile.provinceId ?? defaultSite?.provinceId ?? '');
  const [source, setSource] = useState<string>(initial?.profile.referralSource ?? '');
  const [consents, setConsents] = useState<Record<ConsentKind, boolean>>(() => {
    const given = Object.fromEntries(CONSENT_KINDS.map((k) => [k, false])) as Record<ConsentKind, boolean>;
    for (const c of initial?.consents ?? []) given[c.kind] = c.given;
    return given;
  });
  const [invalid, setInvalid] = useState<FieldErrors>(fix?.field ? { [fix.field]: fix.entry.rejection?.message ?? '' } : {});
  const { busy, error, run } = useSubmit();

  const birthYear = parseYear(year, thisYear);
  const answers = { motherGivenName: mother, fatherGivenName: father, sexAtBirth: sex || null, birthYear: typeof birthYear === 'number' ? birthYear : null };
  const uic = keptUic ?? buildUic(answers);
  const parts = keptUic ? null : uicParts(answers);
  const others = view.clients.filter((c) => c.id !== initial?.clientId);
  const matches = uicMatches(others, uic);
  const undecided = matches.near.filter((c) => !different.includes(c.id));
  const answered = keptUic !== null || Boolean(mother.trim() || father.trim());

  const provinceOptions = useMemo(() => {
    const collator = new Intl.Collator(lang);
    return PROVINCES.map((p) => ({ value: p.id, label: p.name[lang] })).sort((a, b) => collator.compare(a.label, b.label));
  }, [lang]);

  const submit = () => {
    const errs: FieldErrors = {};
    if (birthYear === 'invalid') errs.birthYear = t('client.yearInvalid', { max: thisYear });
    if (!answered) errs.mother = t('client.answerOne');
    if (matches.exact) errs.uic = t('client.exists', { uic });
    else if (undecided.length) errs.uic = t('client.decideNear');
    if (nickname.trim() && !ClientProfile.shape.nickname.safeParse(nickname).success) errs.nickname = t('errors.name', { min: 1, max: 60 });
    if (phone.trim() && !ClientProfile.shape.phone.safeParse(phone).success) errs.phone = t('client.phoneInvalid');
    if (!gender) errs.genderIdentity = t('errors.choose');
    if (!siteId || !sites.some((s) => s.id === siteId)) errs.siteId = t('errors.choose');
    if (!provinceId) errs.provinceId = t('errors.choose');
    if (!source) errs.referralSource = t('errors.choose');
    if (!consents.services) errs.consents = t('client.consentRequired');
    setInvalid(errs);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.field-invalid input, .field-invalid select, .field-invalid')?.focus());
      return;
    }
    const args: RegisterClientArgs = {
      clientId: initial?.clientId ?? newId(),
      uic,
      profile: {
        nickname: nickname.trim() || null,
        phone: phone.trim() || null,
        birthYear: typeof birthYear === 'number' ? birthYear : null,
        sexAtBirth: sex || null,
        genderIdentity: gender as RegisterClientArgs['profile']['genderIdentity'],
        keyPopulations: keyPops as RegisterClientArgs['profile']['keyPopulations'],
        substances: substances as RegisterClientArgs['profile']['substances'],
        routes: routes as RegisterClientArgs['profile']['routes'],
        provinceId,
        siteId,
        referralSource: source as RegisterClientArgs['profile']['referralSource'],
      },
      consents: CONSENT_KINDS.map((kind) => ({ kind, given: consents[kind] })),
    };
    void run(async () => {
      if (fix) {
        await runtime.resend(fix.entry.id, 'registerClient', args);
        navigate('/field/sync');
        shell.flash({ path: '/field/sync', tone: 'success', text: (tr) => tr('sync.resent') });
        return;
      }
      await runtime.save('registerClient', args);
      const to = `/field/clients/${args.clientId}/contact`;
      navigate(to);
      shell.flash({ path: to, tone: 'success', text: (tr) => tr('client.saved', { uic }) });
    });
  };

  return (
    <Page title={fix ? t('client.fixTitle') : t('client.newTitle')} back={{ href: fix ? '/field/sync' : '/field', label: fix ? t('sync.attentionTitle') : t('field.title') }}>
      {fix && (
        <div class="alert alert-error" role="alert">
          <p>{fix.entry.rejection?.message}</p>
        </div>
      )}
      <form class="form" noValidate onSubmit={onSubmit(submit)}>
        <FormError error={error} />
        <section class="form-section" aria-labelledby="uic-title">
          <h2 id="uic-title">{t('client.uicTitle')}</h2>
          {keptUic ? (
            <>
              <p>{t('client.keptUic')}</p>
              <p class="uic-display">{keptUic}</p>
              <button type="button" class="button" onClick={() => setKeptUic(null)}>
                {t('client.askAgain')}
              </button>
            </>
          ) : (
            <>
              <Notice>{t('client.namesNotStored')}</Notice>
              <TextField name="mother" label={t('client.mother')} hint={t('client.motherHint')} value={mother} onValue={setMother} error={invalid.mother} autoCorrect="off" spellcheck={false} maxLength={40} />
              <TextField name="father" label={t('client.father')} hint={t('client.fatherHint')} value={father} onValue={setFather} autoCorrect="off" spellcheck={false} maxLength={40} />
              <ChipGroup
                name="sexAtBirth"
                legend={t('client.sexAtBirth')}
                multiple={false}
                options={[
                  { value: 'M', label: t('client.sex.M') },
                  { value: 'F', label: t('client.sex.F') },
                  { value: '', label: t('client.unknown') },
                ]}
                values={[sex]}
                onValues={(v) => setSex((v[0] ?? '') as Sex)}
              />
              <TextField name="birthYear" label={t('client.birthYear')} hint={t('client.birthYearHint')} value={year} onValue={setYear} error={invalid.birthYear} inputMode="numeric" maxLength={4} />
              <div class="uic-box" aria-live="polite">
                <span class="uic-caption">{t('client.code')}</span>
                <output class="uic-display" for="field-mother field-father field-birthYear">
                  {uic}
                </output>
                {parts && <span class="uic-parts">{parts.join(' · ')}</span>}
                <span class="hint">{t('client.unknownPart')}</span>
              </div>
            </>
          )}
          {invalid.uic && !matches.exact && undecided.length === 0 && <p class="field-error">{invalid.uic}</p>}
          {answered && matches.exact && (
            <div class="match match-exact" role="alert">
              <p>
                <strong>{t('client.existsTitle', { uic: matches.exact.uic })}</strong>
                {matches.exact.nickname && ` · ${matches.exact.nickname}`}
              </p>
              <p>{t('client.existsText')}</p>
              <div class="button-row">
                <Link class="button button-primary" href={`/field/clients/${matches.exact.id}/contact`}>
                  {t('client.recordForThem')}
                </Link>
                <Link class="button" href={`/field/clients/${matches.exact.id}`}>
                  {t('client.open')}
                </Link>
              </div>
            </div>
          )}
          {answered && !matches.exact && undecided.length > 0 && (
            <div class={invalid.uic ? 'match match-near match-invalid' : 'match match-near'} role="alert">
              <p>
                <strong>{t('client.nearTitle', { count: undecided.length })}</strong>
              </p>
              <p>{t('client.nearText')}</p>
              <ul class="match-list">
                {undecided.map((c) => (
                  <li key={c.id}>
                    <span class="uic">{c.uic}</span>
                    {c.nickname && ` · ${c.nickname}`}
                    <div class="button-row">
                      <Link class="button button-primary" href={`/field/clients/${c.id}/contact`}>
                        {t('client.samePerson')}
                      </Link>
                      <button type="button" class="button" onClick={() => setDifferent([...different, c.id])}>
                        {t('client.differentPerson')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>

        <section class="form-section" aria-labelledby="profile-title">
          <h2 id="profile-title">{t('client.profileTitle')}</h2>
          <TextField name="nickname" label={t('client.nickname')} hint={t('client.nicknameHint')} value={nickname} onValue={setNickname} error={invalid.nickname} maxLength={60} />
          <TextField name="phone" label={t('client.phone')} hint={t('client.phoneHint')} value={phone} onValue={setPhone} error={invalid.phone} inputMode="numeric" maxLength={20} />
          <ChipGroup name="genderIdentity" legend={t('client.genderIdentity')} multiple={false} options={GENDER_IDENTITIES.map((v) => ({ value: v, label: t(`client.gender.${v}`) }))} values={[gender]} onValues={(v) => setGender(v[0] ?? '')} error={invalid.genderIdentity} />
          <ChipGroup name="keyPopulations" legend={t('client.keyPopulations')} hint={t('client.chooseAny')} multiple options={KEY_POPULATIONS.map((v) => ({ value: v, label: t(`client.keyPopulation.${v}`) }))} values={keyPops} onValues={setKeyPops} />
          <ChipGroup name="substances" legend={t('client.substances')} hint={t('client.chooseAny')} multiple options={SUBSTANCES.map((v) => ({ value: v, label: t(`client.substance.${v}`) }))} values={substances} onValues={setSubstances} />
          <ChipGroup name="routes" legend={t('client.routes')} hint={t('client.chooseAny')} multiple options={ROUTES_OF_USE.map((v) => ({ value: v, label: t(`client.route.${v}`) }))} values={routes} onValues={setRoutes} />
          <SelectField
            name="siteId"
            label={t('field.site')}
            value={sites.some((s) => s.id === siteId) ? siteId : ''}
            onValue={(id) => {
              setSiteId(id);
              const site = sites.find((s) => s.id === id);
              if (site && !provinceId) setProvinceId(site.provinceId);
            }}
            placeholder={t('app.choose')}
            options={sites.map((s) => ({ value: s.id, label: s.name }))}
            error={invalid.siteId}
          />
          <SelectField name="provinceId" label={t('client.province')} hint={t('client.provinceHint')} value={provinceId} onValue={setProvinceId} placeholder={t('app.choose')} options={provinceOptions} error={invalid.provinceId} />
          <ChipGroup name="referralSource" legend={t('client.referralSource')} multiple={false} options={REFERRAL_SOURCES.map((v) => ({ value: v, label: t(`client.source.${v}`) }))} values={[source]} onValues={(v) => setSource(v[0] ?? '')} error={invalid.referralSource} />
        </section>

        <section class="form-section" aria-labelledby="consent-title">
          <h2 id="consent-title">{t('client.consentTitle')}</h2>
          <p class="hint">{t('client.consentIntro', { who: me.user.displayName ?? me.user.username })}</p>
          <fieldset class={invalid.consents ? 'field choices field-invalid' : 'field choices'}>
            <legend class="sr-only">{t('client.consentTitle')}</legend>
            {CONSENT_KINDS.map((kind) => (
              <CheckboxField key={kind} name={`consent-${kind}`} label={t(`client.consent.${kind}`)} hint={t(`client.consentHint.${kind}`)} checked={consents[kind]} onChecked={(given) => setConsents({ ...consents, [kind]: given })} />
            ))}
            {invalid.consents && (
              <p class="field-error" role="alert">
                {invalid.consents}
              </p>
            )}
          </fieldset>
        </section>

        <SubmitButton busy={busy}>{fix ? t('sync.saveAndResend') : t('client.save')}</SubmitButton>
      </form>
    </Page>
  );
}
