import { isOverdue } from '../../core/referrals/index.ts';
import { StateBadge } from '../field/client-list.tsx';
import { findClient, useField } from '../field/context.tsx';
import { formatDay } from '../field/format.ts';
import type { ClientView, ReferralView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { ReferralStatusBadge, UrgencyBadge } from './badges.tsx';

/** A referral as a row: code, provider and service, when it is due, its status. */
export function ReferralRow({ referral, showClient = true }: { referral: ReferralView; showClient?: boolean }) {
  const { t, lang } = useLang();
  const field = useField();
  const provider = field.view.providers.find((p) => p.id === referral.providerId);
  const client = showClient ? findClient(field, referral.clientId) : undefined;
  const overdue = isOverdue(referral, field.today);
  return (
    <li>
      <Link class="list-item referral-row" href={`/field/referrals/${referral.id}`}>
        <span class="list-title">
          <span class="referral-code">{referral.code}</span>
          {client && <span class="list-subtitle"> · {client.uic}</span>}
        </span>
        <span class="list-meta">
          {provider?.name ?? '—'} · {t(`referrals.services.${referral.service}`)} · {t('referrals.dueShort', { date: formatDay(referral.dueOn, lang) })}
        </span>
        <span class="badges">
          <ReferralStatusBadge status={referral.status} />
          {overdue && <span class="badge badge-danger">{t('field.overdue')}</span>}
          {referral.urgency === 'emergency' || referral.urgency === 'same_day' ? <UrgencyBadge urgency={referral.urgency} /> : null}
          <StateBadge state={referral.state} />
        </span>
      </Link>
    </li>
  );
}

/** The field home's reminder: referrals overdue, missed or declined (only when there are some). */
export function ReferralsNeedingAction() {
  const { t } = useLang();
  const { view } = useField();
  const list = view.referralsNeedingAction;
  return (
    <section aria-labelledby="referrals-due-title" class="referrals-due">
      <h2 id="referrals-due-title">{t('referrals.needingAction')}</h2>
      {list.length === 0 ? (
        <p class="hint">{t('referrals.noneNeedingAction')}</p>
      ) : (
        <ul class="list list-single">
          {list.slice(0, 5).map((r) => (
            <ReferralRow key={r.id} referral={r} />
          ))}
        </ul>
      )}
      <p class="button-row">
        <Link class="button" href="/field/referrals">
          {t('referrals.listTitle')}
        </Link>
        <Link class="button" href="/field/providers">
          {t('providers.directoryTitle')}
        </Link>
      </p>
    </section>
  );
}

/** On a client's page: make a referral, crisis episodes still waiting for theirs, and the client's referrals. */
export function ClientReferrals({ client }: { client: ClientView }) {
  const { t, lang } = useLang();
  const referredEpisodes = new Set(client.referrals.map((r) => r.crisisEpisodeId).filter(Boolean));
  const waiting = client.crisisEpisodes.filter((e) => e.referralNeed && !referredEpisodes.has(e.id));
  return (
    <section class="panel" aria-labelledby="client-referrals-title">
      <h2 id="client-referrals-title">{t('referrals.clientTitle')}</h2>
      {waiting.map((e) => (
        <div class="alert alert-warning" key={e.id}>
          <p>{t('referrals.crisisNeeds', { date: formatDay((e.outcomeAt ?? e.at).slice(0, 10), lang), urgency: t(`crisis.referralUrgency.${e.referralNeed!.urgency}` as 'crisis.referralUrgency.urgent') })}</p>
          <Link class="button button-primary" href={`/field/clients/${client.id}/refer?crisisEpisodeId=${e.id}`}>
            {t('referrals.makeFromCrisis')}
          </Link>
        </div>
      ))}
      {client.referrals.length > 0 && (
        <ul class="list list-single">
          {client.referrals.map((r) => (
            <ReferralRow key={r.id} referral={r} showClient={false} />
          ))}
        </ul>
      )}
      <p>
        <Link class="button button-block" href={`/field/clients/${client.id}/refer`}>
          {t('referrals.make')}
        </Link>
      </p>
    </section>
  );
}

/** Every referral on this phone: those needing action first, then the open ones, then the closed. */
export function ReferralsPage() {
  const { t } = useLang();
  const { view } = useField();
  const needing = new Set(view.referralsNeedingAction.map((r) => r.id));
  const rest = view.referrals.filter((r) => !needing.has(r.id));
  return (
    <Page title={t('referrals.listTitle')} back={{ href: '/field', label: t('field.title') }}>
      <section aria-labelledby="needing-title">
        <h2 id="needing-title">{t('referrals.needingAction')}</h2>
        {view.referralsNeedingAction.length === 0 ? (
          <p class="hint">{t('referrals.noneNeedingAction')}</p>
        ) : (
          <ul class="list list-single">
            {view.referralsNeedingAction.map((r) => (
              <ReferralRow key={r.id} referral={r} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="all-referrals-title">
        <h2 id="all-referrals-title">{t('referrals.all', { count: rest.length })}</h2>
        {rest.length === 0 ? (
          <p class="hint">{t('referrals.none')}</p>
        ) : (
          <ul class="list list-single">
            {rest.map((r) => (
              <ReferralRow key={r.id} referral={r} />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
