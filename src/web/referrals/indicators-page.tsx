import { useState } from 'preact/hooks';
import { dayIn } from '../../core/referrals/due.ts';
import { REFERRAL_URGENCIES } from '../../core/referrals/schema.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { ChipGroup } from '../field/controls.tsx';
import { formatDay } from '../field/format.ts';
import { canIn } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { referralApi, type ReferralCounts } from './api.ts';
import { PERIODS, periodRange, type Period } from './period.ts';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

interface Row {
  key: string;
  label: string;
  counts: ReferralCounts;
}

/** A group's numbers as a table: columns on a desktop, one block per row on a phone (styles.css, .numbers-table). */
function NumbersTable({ id, title, groupLabel, rows }: { id: string; title: string; groupLabel: string; rows: Row[] }) {
  const { t, lang } = useLang();
  const fmt = useFormat(lang);
  const columns = [t('referrals.numbers.made'), t('referrals.numbers.completed'), t('referrals.numbers.rate'), t('referrals.numbers.median')];
  return (
    <section class="numbers-group" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table class="data-table numbers-table" aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            {columns.map((c) => (
              <th scope="col" class="num" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td class="num" data-label={columns[0]}>
                {fmt.count(r.counts.made)}
              </td>
              <td class="num" data-label={columns[1]}>
                {fmt.count(r.counts.completed)}
              </td>
              <td class="num" data-label={columns[2]}>
                {fmt.rate(r.counts.completionRate)}
              </td>
              <td class="num" data-label={columns[3]}>
                {fmt.days(r.counts.medianDaysToAttendance)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function useFormat(lang: Lang) {
  const { t } = useLang();
  const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 });
  return {
    count: (n: number) => number.format(n),
    rate: (r: number | null) => (r === null ? '—' : percent.format(r)),
    days: (d: number | null) => (d === null ? '—' : t('referrals.numbers.days', { count: d, days: number.format(d) })),
  };
}

const byMade = (a: Row, b: Row) => b.counts.made - a.counts.made || a.label.localeCompare(b.label);

/**
 * The programme's referral numbers for managers (issue #5 §8): made, completed, completion rate and
 * median days to attendance, overall and by provider, service, urgency and organisation, for a
 * period chosen by the day referrals were made. Aggregates only, from the server.
 */
export function ReferralNumbersPage({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canIn(me, 'referral.make', orgId);
  const [period, setPeriod] = useState<Period>('days90');
  const range = periodRange(period, dayIn(new Date(), 'Asia/Ho_Chi_Minh'));
  const res = useResource(() => (allowed ? referralApi.indicators(orgId, range) : Promise.resolve(null)), [allowed, orgId, period]);
  const orgName = me.organisations.find((o) => o.id === orgId)?.name;
  const back = { href: `/organisations/${orgId}`, label: orgName ?? t('organisations.one') };
  const fmt = useFormat(lang);
  if (!allowed) return <NotAllowedPage title={t('referrals.numbers.title')} back={back} />;
  const data = res.data;

  const rows = (record: Record<string, ReferralCounts>, label: (key: string) => string) => Object.entries(record).map(([key, counts]) => ({ key, label: label(key), counts }));
  return (
    <Page title={t('referrals.numbers.title')} back={back} wide>
      <ChipGroup
        name="period"
        legend={t('referrals.numbers.period')}
        multiple={false}
        options={PERIODS.map((p) => ({ value: p, label: t(`referrals.numbers.periods.${p}`) }))}
        values={[period]}
        onValues={(v) => v[0] && setPeriod(v[0] as Period)}
      />
      <p class="hint numbers-range">{range.from && range.to ? t('referrals.numbers.range', { from: formatDay(range.from, lang), to: formatDay(range.to, lang) }) : t('referrals.numbers.rangeAll')}</p>
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !data && <Loading />}
      {data && (
        <div class={res.loading ? 'numbers numbers-stale' : 'numbers'} aria-busy={res.loading || undefined}>
          <dl class="number-tiles">
            <div class="number-tile">
              <dt>{t('referrals.numbers.made')}</dt>
              <dd>{fmt.count(data.all.made)}</dd>
            </div>
            <div class="number-tile">
              <dt>{t('referrals.numbers.completed')}</dt>
              <dd>{fmt.count(data.all.completed)}</dd>
            </div>
            <div class="number-tile">
              <dt>{t('referrals.numbers.rate')}</dt>
              <dd>{fmt.rate(data.all.completionRate)}</dd>
            </div>
            <div class="number-tile">
              <dt>{t('referrals.numbers.median')}</dt>
              <dd>{fmt.days(data.all.medianDaysToAttendance)}</dd>
            </div>
          </dl>
          <p class="hint">{t('referrals.numbers.definitions')}</p>
          {data.all.made === 0 ? (
            <Notice>{t('referrals.numbers.none')}</Notice>
          ) : (
            <>
              <NumbersTable id="numbers-provider" title={t('referrals.numbers.byProvider')} groupLabel={t('referrals.numbers.provider')} rows={rows(data.byProvider, (id) => data.providerNames[id] ?? '—').sort(byMade)} />
              <NumbersTable id="numbers-service" title={t('referrals.numbers.byService')} groupLabel={t('referrals.numbers.service')} rows={rows(data.byService, (s) => t(`referrals.services.${s}` as 'referrals.services.legal_aid')).sort(byMade)} />
              <NumbersTable
                id="numbers-urgency"
                title={t('referrals.numbers.byUrgency')}
                groupLabel={t('referrals.urgency')}
                rows={REFERRAL_URGENCIES.filter((u) => data.byUrgency[u]).map((u) => ({ key: u, label: t(`referrals.urgencies.${u}`), counts: data.byUrgency[u]! }))}
              />
              <NumbersTable id="numbers-organisation" title={t('referrals.numbers.byOrganisation')} groupLabel={t('referrals.numbers.organisation')} rows={rows(data.byOrganisation, (id) => (id === orgId ? (orgName ?? '—') : '—')).sort(byMade)} />
            </>
          )}
        </div>
      )}
    </Page>
  );
}
