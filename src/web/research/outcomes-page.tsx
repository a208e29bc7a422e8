import { useState } from 'preact/hooks';
import { dayIn } from '../../core/dates.ts';
import type { Lang } from '../../core/i18n/index.ts';
import { DEFAULT_MIN_MOTIVATIONAL, OUTCOME_INSTRUMENTS, type OutcomeInstrumentId, type PresentedOutcomeFigures } from '../../core/indicators/outcomes.ts';
import { periodLabel } from '../../core/indicators/periods.ts';
import { INSTRUMENTS } from '../../core/screening/instruments/index.ts';
import { Stepper } from '../field/controls.tsx';
import { canSomewhere } from '../shell/access.ts';
import { useLang } from '../shell/i18n.tsx';
import { useMe } from '../shell/session.tsx';
import { SelectField } from '../ui/form.tsx';
import { NotAllowedPage, Page } from '../ui/page.tsx';
import { ErrorMessage, Loading, Notice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { monthsRange, recentMonths, researchApi, scopesFor, type OutcomesResponse } from './api.ts';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** "Thang đo … (GAD-7)" → "GAD-7 · Thang đo …": the code first, so a phone's narrow select still shows which it is. */
export function instrumentLabel(name: string): string {
  const code = /\s*\(([^)]+)\)/.exec(name);
  return code ? `${code[1]} · ${name.replace(code[0], '')}` : name;
}

function useFormat() {
  const { t, lang } = useLang();
  const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const percent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 });
  const hidden = (f: PresentedOutcomeFigures) => (f.hidden === 'small' ? t('research.outcomes.small') : t('research.outcomes.hiddenMark'));
  const shown = (x: number | null, format: Intl.NumberFormat) => (x === null ? '—' : format.format(x));
  return {
    /** A group's figures in the order of useColumns; a hidden group shows why in place of its size, and dashes. */
    cells: (f: PresentedOutcomeFigures): string[] => [
      f.n === null ? hidden(f) : number.format(f.n),
      shown(f.baselineMean, number),
      shown(f.latestMean, number),
      shown(f.meanChange, signed),
      shown(f.improvedShare, percent),
      shown(f.worsenedShare, percent),
    ],
  };
}

function useColumns(): string[] {
  const { t } = useLang();
  return [t('research.outcomes.n'), t('research.outcomes.baseline'), t('research.outcomes.latest'), t('research.outcomes.change'), t('research.outcomes.improved'), t('research.outcomes.worsened')];
}

/** One exposure's two groups as a table: columns on a desktop, a block per group on a phone (.numbers-table). */
function ExposureTable({ data, exposure }: { data: OutcomesResponse; exposure: OutcomesResponse['exposures'][number] }) {
  const { t } = useLang();
  const fmt = useFormat();
  const id = `outcomes-${exposure.exposure}`;
  const name = t(`research.outcomes.exposures.${exposure.exposure}`, { n: data.minMotivational });
  const columns = useColumns();
  return (
    <section class="numbers-group" aria-labelledby={id}>
      <h2 id={id}>{name}</h2>
      {!exposure.available ? (
        <p class="hint">{t('research.outcomes.groupUnavailable')}</p>
      ) : (
        <table class="data-table numbers-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{t('research.outcomes.group')}</th>
              {columns.map((c) => (
                <th scope="col" class="num" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(['exposed', 'notExposed'] as const).map((side) => {
              const cells = fmt.cells(exposure[side]);
              return (
                <tr key={side}>
                  <th scope="row">{t(`research.outcomes.${side}`)}</th>
                  {columns.map((c, i) => (
                    <td class="num" data-label={c} key={c}>
                      {cells[i]}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Overall({ data }: { data: OutcomesResponse }) {
  const { t } = useLang();
  const cells = useFormat().cells(data.all);
  return (
    <section aria-labelledby="outcomes-all">
      <h2 id="outcomes-all">{t('research.outcomes.allTitle')}</h2>
      <dl class="number-tiles">
        {useColumns().map((label, i) => (
          <div class="number-tile" key={label}>
            <dt>{label}</dt>
            <dd>{cells[i]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * Outcomes for evaluators and managers (issue #6 §4): for one screening instrument, the first and
 * latest scores of clients screened at least twice, overall and split by what happened in between.
 * Descriptive, not causal, said first and plainly; groups under 5 hidden for evaluators.
 */
export function OutcomesPage(_props: {}) {
  const { t, lang } = useLang();
  const me = useMe();
  const allowed = canSomewhere(me, 'outcomes.read');
  const scopes = scopesFor(me, 'outcomes.read', t('research.network'));
  const months = recentMonths(dayIn(new Date(), 'Asia/Ho_Chi_Minh'));
  const [scope, setScope] = useState(scopes[0]?.scope ?? '');
  const [instrument, setInstrument] = useState<OutcomeInstrumentId>('phq9');
  const [minMotivational, setMinMotivational] = useState(DEFAULT_MIN_MOTIVATIONAL);
  const [fromKey, setFromKey] = useState(months[11]!.key);
  const [toKey, setToKey] = useState(months[0]!.key);
  const range = monthsRange(fromKey, toKey);
  const ready = allowed && scope !== '';
  const res = useResource(() => (ready ? researchApi.outcomes(scope, instrument, range, minMotivational) : Promise.resolve(null)), [ready, scope, instrument, range.from, range.to, minMotivational]);
  const title = t('research.outcomes.title');
  const back = { href: '/', label: t('nav.home') };
  if (!ready) return <NotAllowedPage title={title} back={back} />;
  const monthOptions = months.map((p) => ({ value: p.key, label: periodLabel(p)[lang] }));
  const data = res.data;

  return (
    <Page title={title} back={back} wide>
      <div class="alert alert-warning research-causal" role="note">
        <p class="research-causal-label">{t('research.outcomes.descriptive')}</p>
        <p>{t('research.outcomes.descriptiveWhy')}</p>
      </div>
      <div class="research-controls">
        {scopes.length > 1 && <SelectField name="scope" label={t('research.scope')} value={scope} options={scopes.map((s) => ({ value: s.scope, label: s.name }))} onValue={setScope} />}
        <SelectField
          name="instrument"
          label={t('research.outcomes.instrument')}
          value={instrument}
          options={OUTCOME_INSTRUMENTS.map((id) => ({ value: id, label: instrumentLabel(INSTRUMENTS[id].name[lang]) }))}
          onValue={(v) => setInstrument(v as OutcomeInstrumentId)}
        />
        <SelectField name="from" label={t('research.fromMonth')} value={fromKey} options={monthOptions} onValue={setFromKey} />
        <SelectField name="to" label={t('research.toMonth')} value={toKey} options={monthOptions} onValue={setToKey} />
        <Stepper id="outcomes-n" label={t('research.outcomes.minMotivational')} value={minMotivational} onValue={(n) => setMinMotivational(Math.min(50, Math.max(1, n)))} max={50} />
      </div>
      <p class="hint">{t('research.outcomes.how')}</p>
      {data?.suppressed && <Notice>{t('research.outcomes.suppressedNote')}</Notice>}
      {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
      {res.loading && !data && <Loading />}
      {data && (
        <div class={res.loading ? 'numbers numbers-stale' : 'numbers'} aria-busy={res.loading || undefined}>
          {data.all.n === 0 ? (
            <Notice>{t('research.outcomes.none')}</Notice>
          ) : (
            <>
              <Overall data={data} />
              {data.exposures.map((e) => (
                <ExposureTable key={e.exposure} data={data} exposure={e} />
              ))}
            </>
          )}
        </div>
      )}
    </Page>
  );
}
