import { useState } from 'preact/hooks';
import { newId } from '../../core/ids.ts';
import { mayRecord, nextStatus, normaliseReferralCode, sortByUrgency } from '../../core/referrals/index.ts';
import { REFERRAL_EVENTS, type ReferralStatus, type ReferralUrgency } from '../../core/referrals/schema.ts';
import { ApiError } from '../api/client.ts';
import { formatDateTime, formatDay } from '../field/format.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { onSubmit } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { referralApi, type ReceivedReferral } from './api.ts';
import { ReferralStatusBadge, UrgencyBadge } from './badges.tsx';
import { EventForm, type EventInput, type RecordableEvent } from './event-form.tsx';
import { ReferralTimeline } from './timeline.tsx';

const OPEN: readonly ReferralStatus[] = ['sent', 'accepted', 'no_show', 'attended'];

function useReceiver(orgId: string) {
  const me = useMe();
  const org = me.organisations.find((o) => o.id === orgId);
  return { org, allowed: Boolean(org?.permissions.includes('referral.receive')) };
}

/** Finds a referral by the code typed from a slip (spaces, dashes and look-alike letters forgiven). */
function FindByCode({ orgId, list }: { orgId: string; list: readonly ReceivedReferral[] }) {
  const { t } = useLang();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const find = async () => {
    const code = normaliseReferralCode(value);
    if (!code) return setProblem(t('referrals.portal.codeInvalid'));
    const known = list.find((r) => r.code === code);
    if (known) return navigate(`/organisations/${orgId}/referrals/received/${known.id}`);
    try {
      const found = await referralApi.byCode(code);
      navigate(`/organisations/${orgId}/referrals/received/${found.id}`);
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 404 ? t('referrals.portal.codeNotFound', { code }) : t('referrals.portal.codeFailed'));
    }
  };
  return (
    <form class="form find-code" noValidate onSubmit={onSubmit(() => void find())}>
      <div class={problem ? 'field field-invalid' : 'field'}>
        <label for="field-code">{t('referrals.portal.findByCode')}</label>
        <p class="hint" id="field-code-hint">
          {t('referrals.portal.findHint')}
        </p>
        <div class="find-code-row">
          <input
            id="field-code"
            type="text"
            class="input-code"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            value={value}
            placeholder="7KQ2-M9XD"
            onInput={(e) => {
              setValue(e.currentTarget.value);
              setProblem(null);
            }}
            aria-describedby={problem ? 'field-code-hint field-code-error' : 'field-code-hint'}
            aria-invalid={problem ? true : undefined}
          />
          <button type="submit" class="button button-primary">
            {t('referrals.portal.find')}
          </button>
        </div>
        {problem && (
          <p class="field-error" id="field-code-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}

function ReceivedRow({ orgId, r }: { orgId: string; r: ReceivedReferral }) {
  const { t, lang } = useLang();
  return (
    <li>
      <Link class="list-item referral-row" href={`/organisations/${orgId}/referrals/received/${r.id}`}>
        <span class="list-title">
          <span class="referral-code">{r.code}</span>
        </span>
        <span class="list-meta">
          {t(`referrals.services.${r.service}` as 'referrals.services.other')} · {t('referrals.dueShort', { date: formatDay(r.dueOn, lang) })}
          {r.fromOrgName && ` · ${r.fromOrgName}`}
        </span>
        <span class="badges">
          <ReferralStatusBadge status={r.status} />
          <UrgencyBadge urgency={r.urgency as ReferralUrgency} />
        </span>
      </Link>
    </li>
  );
}

/** The provider portal (issue #5 §5): referrals sent to this organisation, the open ones most urgent first, and find by code. */
export function ReceivedReferralsPage({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const { allowed } = useReceiver(orgId);
  const res = useResource(() => (allowed ? referralApi.received(orgId) : Promise.resolve([])), [orgId, allowed]);
  const back = { href: '/', label: t('nav.home') };
  if (!allowed) return <NotAllowedPage title={t('referrals.portal.title')} back={back} />;
  const list = res.data ?? [];
  const open = sortByUrgency(list.filter((r) => OPEN.includes(r.status)).map((r) => ({ ...r, urgency: r.urgency as ReferralUrgency })));
  const closed = list.filter((r) => !OPEN.includes(r.status));
  return (
    <Page title={t('referrals.portal.title')} back={back}>
      <FindByCode orgId={orgId} list={list} />
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !res.data && <Loading />}
      {res.data && (
        <>
          <section aria-labelledby="open-title">
            <h2 id="open-title">{t('referrals.portal.open', { count: open.length })}</h2>
            {open.length === 0 ? (
              <p class="hint">{t('referrals.portal.noneOpen')}</p>
            ) : (
              <ul class="list list-single">
                {open.map((r) => (
                  <ReceivedRow key={r.id} orgId={orgId} r={r} />
                ))}
              </ul>
            )}
          </section>
          {closed.length > 0 && (
            <section aria-labelledby="closed-title">
              <h2 id="closed-title">{t('referrals.portal.closed', { count: closed.length })}</h2>
              <ul class="list list-single">
                {closed.map((r) => (
                  <ReceivedRow key={r.id} orgId={orgId} r={r} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Page>
  );
}

/** What the provider's clinicians may record now, by the core's rules. */
function receiverEvents(status: ReferralStatus): RecordableEvent[] {
  return REFERRAL_EVENTS.filter((e): e is RecordableEvent => e !== 'lose_to_follow_up' && mayRecord(e, { actor: 'receiver', providerInNetwork: true }) && nextStatus(status, e) !== null);
}

/** One referral received: the consented fields only, the timeline, and accept / decline / attendance / outcome. */
export function ReceivedReferralPage({ orgId, referralId }: { orgId: string; referralId: string }) {
  const { t, lang } = useLang();
  const { allowed } = useReceiver(orgId);
  const res = useResource(() => (allowed ? referralApi.receivedOne(orgId, referralId) : Promise.resolve(null)), [orgId, referralId, allowed]);
  const back = { href: `/organisations/${orgId}/referrals/received`, label: t('referrals.portal.title') };
  if (!allowed) return <NotAllowedPage title={t('referrals.title')} back={back} />;
  const r = res.data;
  if (!r) {
    return (
      <Page title={t('referrals.title')} back={back}>
        {res.error !== undefined ? <ErrorMessage error={res.error} onRetry={res.reload} /> : <Loading />}
      </Page>
    );
  }
  const save = async (input: EventInput) => {
    await referralApi.recordReceived(orgId, r.id, { eventId: newId(), at: new Date().toISOString(), ...input });
    res.reload();
  };
  const events = receiverEvents(r.status);
  const shared = r.shared ?? {};
  const nothingShared = !shared.reason && !shared.screenings?.length && !shared.notes?.length;
  return (
    <Page title={t('referrals.titleWithCode', { code: r.code })} back={back}>
      <p class="referral-lead">
        <ReferralStatusBadge status={r.status} />
        <UrgencyBadge urgency={r.urgency as ReferralUrgency} />
      </p>
      <section class="panel" aria-labelledby="received-facts">
        <h2 id="received-facts">{t('referrals.details')}</h2>
        <dl class="facts">
          <dt>{t('referrals.code')}</dt>
          <dd class="referral-code">{r.code}</dd>
          {r.fromOrgName && (
            <>
              <dt>{t('referrals.portal.from')}</dt>
              <dd>{r.fromOrgName}</dd>
            </>
          )}
          <dt>{t('referrals.service')}</dt>
          <dd>{t(`referrals.services.${r.service}` as 'referrals.services.other')}</dd>
          <dt>{t('referrals.sentOn')}</dt>
          <dd>{formatDateTime(r.at, lang)}</dd>
          <dt>{t('referrals.dueOn')}</dt>
          <dd>{formatDay(r.dueOn, lang)}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="received-shared">
        <h2 id="received-shared">{t('referrals.portal.sharedTitle')}</h2>
        {nothingShared ? (
          <p class="hint">{t('referrals.portal.codeOnly')}</p>
        ) : (
          <dl class="facts">
            {shared.reason && (
              <>
                <dt>{t('referrals.reason')}</dt>
                <dd>{shared.reason}</dd>
              </>
            )}
            {shared.screenings && shared.screenings.length > 0 && (
              <>
                <dt>{t('referrals.share.screenings')}</dt>
                <dd>
                  <ul class="plain-list">
                    {shared.screenings.map((s) => (
                      <li key={`${s.instrumentId}-${s.at}`}>
                        {s.instrumentId.toUpperCase()} · {formatDay(s.at.slice(0, 10), lang)} · {s.total ?? '—'}
                        {s.band && ` (${s.band})`}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {shared.notes && shared.notes.length > 0 && (
              <>
                <dt>{t('referrals.share.notes')}</dt>
                <dd>
                  {shared.notes.map((n, i) => (
                    <p key={i}>{n}</p>
                  ))}
                </dd>
              </>
            )}
          </dl>
        )}
      </section>
      <section aria-labelledby="received-timeline">
        <h2 id="received-timeline">{t('referrals.timeline')}</h2>
        <ReferralTimeline createdAt={r.at} events={r.events} referrerOrgId={r.fromOrgId ?? null} viewer="provider" />
      </section>
      {events.length > 0 ? (
        <section class="panel" aria-labelledby="received-record">
          <h2 id="received-record">{t('referrals.recordTitle')}</h2>
          <EventForm key={r.status} status={r.status} events={events} onSave={save} />
        </section>
      ) : (
        <Notice>{t('referrals.portal.closedNote')}</Notice>
      )}
    </Page>
  );
}
