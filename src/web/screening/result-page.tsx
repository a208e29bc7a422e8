import { classifyCrisis } from '../../core/crisis/classify.ts';
import type { CssrsBand } from '../../core/crisis/schema.ts';
import { INSTRUMENTS } from '../../core/screening/index.ts';
import { cutOff, isPositiveScreen } from '../../core/screening/index.ts';
import type { Instrument } from '../../core/screening/types.ts';
import { StateBadge } from '../field/client-list.tsx';
import { findClient, useField } from '../field/context.tsx';
import { formatDateTime } from '../field/format.ts';
import { scoreResultOf, type ClientView, type ScreeningView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { Link } from '../shell/router.tsx';
import { useShell } from '../shell/session.tsx';
import { Page } from '../ui/page.tsx';
import { Notice } from '../ui/status.tsx';
import { bandLabel, bandRank, SHORT_NAMES } from './labels.ts';

import { ScreeningForm } from './screening-form.tsx';

export const crisisHref = (clientId: string) => `/field/clients/${encodeURIComponent(clientId)}/crisis`;

/**
 * What a C-SSRS screener means for the worker now, by the same rule the crisis flow uses
 * (`classifyCrisis`): moderate and high are urgent (stay, same-day referral, 115 if hurt), low is a
 * first response with a follow-up soon, none is said plainly.
 */
export function CssrsOutcome({ screening, clientId }: { screening: ScreeningView; clientId: string }) {
  const { t, lang } = useLang();
  const band = screening.band as CssrsBand | null;
  if (!band) {
    return (
      <section class="safety safety-urgent" role="alert" aria-labelledby={`cssrs-${screening.id}`}>
        <h2 id={`cssrs-${screening.id}`}>{t('screening.cssrsIncompleteTitle')}</h2>
        <p>{t('screening.cssrsIncomplete')}</p>
        <p>
          <Link class="button button-danger button-block" href={crisisHref(clientId)}>
            {t('screening.openCrisis')}
          </Link>
        </p>
      </section>
    );
  }
  const level = classifyCrisis({ redFlags: [], cssrsBand: band });
  const label = bandLabel(INSTRUMENTS.cssrs, band, lang);
  const serious = level === 'urgent' || level === 'emergency';
  return (
    <section class={`safety safety-${level}`} role={serious ? 'alert' : undefined} aria-labelledby={`cssrs-${screening.id}`}>
      <p class="safety-label">C-SSRS · {label}</p>
      <h2 id={`cssrs-${screening.id}`}>{t(`screening.cssrsLevel.${level}.title`)}</h2>
      <p>{t(`screening.cssrsLevel.${level}.text`)}</p>
      {serious && (
        <div class="button-stack">
          <Link class="button button-danger button-block" href={crisisHref(clientId)}>
            {t('screening.openCrisis')}
          </Link>
          <a class="button button-block" href="tel:115">
            <span aria-hidden="true">☎ </span>
            {t('screening.call115')}
          </a>
        </div>
      )}
    </section>
  );
}

/** The PHQ-9 item 9 flag (or any suicide-risk flag): said first, then the C-SSRS at once, or its result once asked. */
function SuicideRisk({ screening, client }: { screening: ScreeningView; client: ClientView }) {
  const { t } = useLang();
  const shell = useShell();
  // The screener asked after this screening (the newest first list: the last one at or after it).
  const cssrs = client.screenings.filter((s) => s.instrumentId === 'cssrs' && s.at >= screening.at && s.id !== screening.id).at(-1);
  return (
    <>
      <section class="safety safety-flag" role="alert" aria-labelledby="flag-title">
        <h2 id="flag-title">
          <span aria-hidden="true">⚠ </span>
          {t('screening.suicideRiskTitle')}
        </h2>
        <p>{t(cssrs ? 'screening.suicideRiskAsked' : 'screening.suicideRiskText')}</p>
      </section>
      {cssrs ? (
        <CssrsOutcome screening={cssrs} clientId={client.id} />
      ) : (
        <section class="panel panel-urgent" aria-labelledby="cssrs-now">
          <h2 id="cssrs-now">{t('screening.cssrsNow')}</h2>
          <ScreeningForm
            instrument={INSTRUMENTS.cssrs}
            clientId={client.id}
            onSaved={() => {
              shell.flash({ path: location.pathname, tone: 'success', text: (tr) => tr('screening.saved') });
              requestAnimationFrame(() => document.getElementById('flag-title')?.scrollIntoView({ block: 'start' }));
            }}
          />
        </section>
      )}
    </>
  );
}

/** Total, band and whether it is a positive screen under the organisation's cut-off. */
function ScorePanel({ screening, instrument }: { screening: ScreeningView; instrument: Instrument }) {
  const { t, lang } = useLang();
  const field = useField();
  const settings = field.view.screeningSettings;
  const positive = isPositiveScreen(screening.instrumentId, scoreResultOf(screening), settings);
  const substance = instrument.kind !== 'cssrs' ? instrument.substances?.find((s) => s.id === screening.substance) : undefined;
  const max = instrument.kind === 'scale' ? instrument.bands.at(-1)!.max : null;
  const rule = screening.instrumentId !== 'cssrs' ? cutOff(screening.instrumentId, settings) : null;
  return (
    <section class="panel score-panel" aria-labelledby="score-title">
      <h2 id="score-title">{t('screening.scoreTitle')}</h2>
      {substance && <p class="list-meta">{t('screening.aboutSubstance', { name: substance.name[lang] })}</p>}
      {!screening.complete && <Notice tone="warning">{t('screening.incomplete')}</Notice>}
      {screening.total !== null && (
        <p class="score-total">
          <span class="score-number">{screening.total}</span>
          {max !== null && <span class="score-max"> / {max}</span>}
          {screening.band && <span class={`band band-${bandRank(instrument, screening.band)}`}>{bandLabel(instrument, screening.band, lang)}</span>}
        </p>
      )}
      {screening.instrumentId === 'cssrs' && screening.band && <p class={`band band-${bandRank(instrument, screening.band)}`}>{bandLabel(instrument, screening.band, lang)}</p>}
      {screening.subscores && instrument.kind === 'assist' && (
        <table class="data-table">
          <caption class="sr-only">{t('screening.assistTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('screening.substance')}</th>
              <th scope="col">{t('screening.scoreTitle')}</th>
              <th scope="col">{t('screening.risk')}</th>
            </tr>
          </thead>
          <tbody>
            {instrument.substances
              .filter((s) => screening.subscores![s.id])
              .map((s) => {
                const sub = screening.subscores![s.id]!;
                return (
                  <tr key={s.id}>
                    <th scope="row">{s.name[lang]}</th>
                    <td>{sub.score}</td>
                    <td>
                      <span class={`band band-${bandRank(instrument, sub.band)}`}>{bandLabel(instrument, sub.band, lang, s.id)}</span>
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      )}
      <p class={positive ? 'screen-verdict screen-positive' : 'screen-verdict'}>
        <strong>{t(positive ? 'screening.positive' : 'screening.negative')}</strong>
        {rule && <span class="hint"> · {t('screening.underCutOff', { rule: rule.label[lang] })}</span>}
      </p>
      {positive && <p>{t('screening.positiveNext')}</p>}
    </section>
  );
}

/** One screening's result, safety first: the flags and what to do about them, then the score. */
export function ScreeningResultPage({ clientId, screeningId }: { clientId: string; screeningId: string }) {
  const { t, lang } = useLang();
  const field = useField();
  const client = findClient(field, clientId);
  const screening = client?.screenings.find((s) => s.id === screeningId);
  if (!client || !screening) {
    return (
      <Page title={t('screening.resultTitle')} back={{ href: client ? `/field/clients/${client.id}` : '/field', label: client?.uic ?? t('field.title') }}>
        <Notice tone="warning">{t('screening.notFound')}</Notice>
      </Page>
    );
  }
  const instrument = INSTRUMENTS[screening.instrumentId];
  return (
    <Page title={t('screening.resultOf', { name: SHORT_NAMES[screening.instrumentId] })} back={{ href: `/field/clients/${client.id}/mental-health`, label: t('mh.title') }}>
      <p class="client-banner">
        <span class="uic">{client.uic}</span>
        {client.nickname && <span> · {client.nickname}</span>}
      </p>
      <p class="timeline-head">
        <span>{formatDateTime(screening.at, lang)}</span>
        <StateBadge state={screening.state} />
      </p>
      {screening.state === 'rejected' && (
        <Notice tone="warning">
          {t('screening.rejected')} <Link href="/field/sync">{t('sync.attentionTitle')}</Link>
        </Notice>
      )}
      {screening.flags.includes('suicide-risk') && <SuicideRisk screening={screening} client={client} />}
      {screening.instrumentId === 'cssrs' && <CssrsOutcome screening={screening} clientId={client.id} />}
      <ScorePanel screening={screening} instrument={instrument} />
      <div class="button-stack">
        <Link class="button button-block" href={`/field/clients/${client.id}/mental-health`}>
          {t('mh.open')}
        </Link>
        <Link class="button button-block" href={`/field/clients/${client.id}/screen`}>
          {t('screening.another')}
        </Link>
      </div>
    </Page>
  );
}
