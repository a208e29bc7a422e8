import { changeFromBaseline, INSTRUMENTS } from '../../core/screening/index.ts';
import type { InstrumentId } from '../../core/screening/types.ts';
import { StateBadge } from '../field/client-list.tsx';
import { findClient, useField } from '../field/context.tsx';
import { formatDateTime, formatDay } from '../field/format.ts';
import type { CrisisEpisodeView, ScreeningView } from '../offline/view.ts';
import { bandLabel, bandRank, OFFERED, SHORT_NAMES, shortDay } from '../screening/labels.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { NextScreening } from './client-panel.tsx';
import { ScoreChart } from './score-chart.tsx';

function ScreeningItem({ s, clientId }: { s: ScreeningView; clientId: string }) {
  const { t, lang } = useLang();
  const instrument = INSTRUMENTS[s.instrumentId];
  return (
    <li class={`timeline-item timeline-${s.state}`}>
      <p class="timeline-head">
        <strong>{formatDateTime(s.at, lang)}</strong>
        <StateBadge state={s.state} />
      </p>
      <p>
        <Link class="timeline-link" href={`/field/clients/${clientId}/screenings/${s.id}`}>
          <strong>{SHORT_NAMES[s.instrumentId]}</strong>
          {/* No-break spaces: a flex item trims plain ones at its edges. */}
          {s.total !== null ? `\u00a0·\u00a0${s.total}` : s.instrumentId === 'cssrs' ? '' : `\u00a0·\u00a0${t('mh.noTotal')}`}
        </Link>{' '}
        {s.band && <span class={`band band-${bandRank(instrument, s.band)}`}>{bandLabel(instrument, s.band, lang)}</span>}
      </p>
      {s.flags.includes('suicide-risk') && (
        <p>
          <span class="badge badge-danger">⚠ {t('screening.suicideRiskTitle')}</span>
        </p>
      )}
    </li>
  );
}

function CrisisItem({ c }: { c: CrisisEpisodeView }) {
  const { t, lang } = useLang();
  return (
    <li class={`timeline-item timeline-${c.state} timeline-crisis`}>
      <p class="timeline-head">
        <strong>{formatDateTime(c.at, lang)}</strong>
        <StateBadge state={c.state} />
      </p>
      <p>
        <strong>{t('mh.crisis')}</strong> <span class={`badge crisis-badge-${c.level}`}>{t(`crisis.levels.${c.level}.title` as 'crisis.levels.urgent.title')}</span>
      </p>
      {c.redFlags.length > 0 && (
        <p class="chips">
          {c.redFlags.map((f) => (
            <span class="chip" key={f}>
              {t(`crisis.flags.${f}` as 'crisis.flags.panic')}
            </span>
          ))}
        </p>
      )}
      <p class="list-meta">{c.outcome ? t(`crisis.outcomes.${c.outcome}` as 'crisis.outcomes.resolved_on_site') : t('mh.crisisNoOutcome')}</p>
      {c.followUpOn && <p class="list-meta">{t('mh.followUpOn', { date: formatDay(c.followUpOn, lang) })}</p>}
    </li>
  );
}

/** Latest result and change from the first total, per instrument used. */
function Latest({ id, screenings }: { id: InstrumentId; screenings: readonly ScreeningView[] }) {
  const { t, lang } = useLang();
  const instrument = INSTRUMENTS[id];
  const latest = screenings[0]!;
  const change = changeFromBaseline(screenings.filter((s) => s.state !== 'rejected'));
  const day = (iso: string) => shortDay(iso, lang);
  return (
    <li class="latest">
      <p>
        <strong>{SHORT_NAMES[id]}</strong> · {t('mh.latest', { date: day(latest.at) })}:{' '}
        {latest.total !== null && <strong class="score-inline">{latest.total}</strong>}{' '}
        {latest.band && <span class={`band band-${bandRank(instrument, latest.band)}`}>{bandLabel(instrument, latest.band, lang)}</span>}
      </p>
      {id !== 'cssrs' && id !== 'assist' && (
        <p class="list-meta">
          {change
            ? t(change.change > 0 ? 'mh.changeUp' : change.change < 0 ? 'mh.changeDown' : 'mh.changeNone', { count: Math.abs(change.change), baseline: change.baseline.total, date: day(change.baseline.at) })
            : latest.total !== null
              ? t('mh.firstOnly')
              : null}
        </p>
      )}
    </li>
  );
}

/** A client's mental health over time (issue #4 §3): next screening, latest results and change, charts, and one timeline. */
export function MentalHealthPage({ clientId }: { clientId: string }) {
  const { t } = useLang();
  const field = useField();
  const client = findClient(field, clientId);
  if (!client) {
    return (
      <Page title={t('mh.title')} back={{ href: '/field', label: t('field.title') }}>
        <Notice tone="warning">{t('client.notFound')}</Notice>
      </Page>
    );
  }
  const byInstrument = OFFERED.map((id) => [id, client.screenings.filter((s) => s.instrumentId === id)] as const).filter(([, list]) => list.length > 0);
  const timeline = [...client.screenings.map((s) => ({ at: s.at, s })), ...client.crisisEpisodes.map((c) => ({ at: c.at, c }))].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <Page title={t('mh.title')} back={{ href: `/field/clients/${client.id}`, label: client.uic }} wide>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      <div class="button-row mh-actions">
        <Link class="button button-primary" href={`/field/clients/${client.id}/screen`}>
          {t('screening.title')}
        </Link>
        <Link class="button button-danger" href={`/field/clients/${client.id}/crisis`}>
          {t('crisis.start')}
        </Link>
      </div>
      <div class="mh-grid">
        <div>
          <section class="panel" aria-labelledby="next-title">
            <h2 id="next-title">{t('mh.nextTitle')}</h2>
            <NextScreening nextOn={client.nextScreeningOn} today={field.today} />
          </section>
          {byInstrument.length > 0 && (
            <section class="panel" aria-labelledby="latest-title">
              <h2 id="latest-title">{t('mh.latestTitle')}</h2>
              <ul class="latest-list">
                {byInstrument.map(([id, list]) => (
                  <Latest key={id} id={id} screenings={list} />
                ))}
              </ul>
              <p class="hint">{t('mh.higherWorse')}</p>
            </section>
          )}
          {byInstrument.map(([id, list]) => {
            const instrument = INSTRUMENTS[id];
            return instrument.kind === 'scale' ? <ScoreChart key={id} instrument={instrument} screenings={list} /> : null;
          })}
        </div>
        <section aria-labelledby="mh-timeline">
          <h2 id="mh-timeline">{t('mh.timelineTitle')}</h2>
          {timeline.length === 0 ? (
            <p class="hint">{t('mh.empty')}</p>
          ) : (
            <ol class="timeline">{timeline.map((e) => ('s' in e ? <ScreeningItem key={e.s.id} s={e.s} clientId={client.id} /> : <CrisisItem key={e.c.id} c={e.c} />))}</ol>
          )}
        </section>
      </div>
    </Page>
  );
}
