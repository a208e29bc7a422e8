import { useState } from 'preact/hooks';
import { useField } from '../field/context.tsx';
import { ChipGroup } from '../field/controls.tsx';
import { runtime } from '../field/runtime.ts';
import { useOnline } from '../field/sync-panel.tsx';
import type { ProviderView, ReferralView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { FormError, onSubmit, SubmitButton, useSubmit } from '../ui/form.tsx';
import { Notice } from '../ui/status.tsx';
import { referralApi } from './api.ts';

const SCORES = ['1', '2', '3', '4', '5'] as const;

/** Referrals this phone rated, kept sealed with the field data: no pull says whether a rating was sent. */
type Rated = Record<string, number>;

/** Whether the worker may rate the provider of this referral: the person got there, and the server has the referral. */
export function mayRate(referral: Pick<ReferralView, 'status' | 'state'>): boolean {
  return (referral.status === 'attended' || referral.status === 'completed') && referral.state === 'synced';
}

/**
 * "Was the provider friendly to people who use drugs?" 1–5, from the worker who referred
 * (issue #5 §1). Sent online only: the rating moves the shared directory, which every phone then
 * pulls. Sending again for the same referral replaces the rating.
 */
export function ProviderRating({ referral, provider }: { referral: ReferralView; provider: ProviderView }) {
  const { t, lang } = useLang();
  const field = useField();
  const online = useOnline();
  const [rated, setRated] = useState<Rated>(() => field.store.draft<Rated>('ratings') ?? {});
  const given = rated[referral.id] ?? null;
  const [score, setScore] = useState<string>(given ? String(given) : '');
  const [missing, setMissing] = useState(false);
  const [average, setAverage] = useState<{ score: number; count: number } | null>(null);
  const { busy, error, run } = useSubmit();

  const send = () =>
    void run(async () => {
      const rating = Number(score);
      const after = await referralApi.rateProvider(provider.id, { orgId: field.orgId, referralId: referral.id, rating });
      const next = { ...rated, [referral.id]: rating };
      await field.store.saveDraft('ratings', next);
      setRated(next);
      if (after.friendliness !== null) setAverage({ score: after.friendliness, count: after.ratings });
      // The directory on the phone shows the new average after the pull.
      void runtime.sync();
    });

  return (
    <section class="panel provider-rating" aria-labelledby="provider-rating-title">
      <h2 id="provider-rating-title">{t('referrals.rating.title')}</h2>
      {given !== null && (
        <Notice tone="success">
          {t('referrals.rating.done', { rating: given })}
          {average && ` ${t('referrals.rating.average', { score: new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average.score), count: average.count })}`}
        </Notice>
      )}
      {!online ? (
        <Notice tone="warning">{t('referrals.rating.needsNetwork')}</Notice>
      ) : (
        <form class="form form-rating" noValidate onSubmit={onSubmit(() => (score ? send() : setMissing(true)))}>
          <FormError error={error} />
          <ChipGroup
            name="rating"
            legend={t('referrals.rating.question', { provider: provider.name })}
            hint={t('referrals.rating.hint')}
            multiple={false}
            options={SCORES.map((s) => ({ value: s, label: s }))}
            values={score ? [score] : []}
            onValues={(v) => {
              if (!v[0]) return;
              setScore(v[0]);
              setMissing(false);
            }}
            error={missing ? t('errors.choose') : undefined}
          />
          <SubmitButton busy={busy}>{given === null ? t('referrals.rating.send') : t('referrals.rating.change')}</SubmitButton>
        </form>
      )}
    </section>
  );
}
