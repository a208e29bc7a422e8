import type { ScaleInstrument } from '../../core/screening/types.ts';
import type { ScreeningView } from '../offline/view.ts';
import { useLang } from '../shell/i18n.tsx';
import { bandLabel, bandRank, SHORT_NAMES, shortDay } from '../screening/labels.ts';

const W = 320;
const H = 170;
const PAD = { left: 30, right: 12, top: 10, bottom: 26 };
/** Points stay this far from the plot's sides, so their labels clear the axis. */
const INSET = 16;

/**
 * One instrument's totals over time, drawn by hand: the instrument's bands as coloured stripes
 * behind, a line through the totals, each point labelled. Time runs left to right in proportion.
 * A screen reader gets a title and summary; everyone can open the same numbers as a table.
 */
export function ScoreChart({ instrument, screenings }: { instrument: ScaleInstrument; screenings: readonly ScreeningView[] }) {
  const { t, lang } = useLang();
  const scored = screenings.filter((s) => s.total !== null).sort((a, b) => (a.at < b.at ? -1 : 1));
  if (scored.length === 0) return null;
  const min = instrument.bands[0]!.min;
  const max = instrument.bands.at(-1)!.max;
  const times = scored.map((s) => Date.parse(s.at));
  const t0 = times[0]!;
  const span = times.at(-1)! - t0;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + INSET + (span === 0 ? (plotW - 2 * INSET) / 2 : ((ms - t0) / span) * (plotW - 2 * INSET));
  const y = (v: number) => PAD.top + plotH - ((v - min) / (max - min)) * plotH;
  const points = scored.map((s, i) => ({ s, x: x(times[i]!), y: y(s.total!) }));
  const name = SHORT_NAMES[instrument.id];
  const id = `chart-${instrument.id}`;
  const last = scored.at(-1)!;
  const day = (iso: string) => shortDay(iso, lang);
  return (
    <figure class="score-chart">
      <figcaption>{t('mh.chartTitle', { name })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{t('mh.chartTitle', { name })}</title>
        <desc id={`${id}-desc`}>{t('mh.chartDesc', { count: scored.length, last: `${last.total} (${bandLabel(instrument, last.band, lang)})` })}</desc>
        {instrument.bands.map((b) => {
          // A band covers its whole numbers: from half a point below its first to half above its last.
          const top = y(Math.min(max, b.max + 0.5));
          const bottom = y(Math.max(min, b.min - 0.5));
          return <rect key={b.id} class={`chart-band band-fill-${bandRank(instrument, b.id)}`} x={PAD.left} y={top} width={plotW} height={bottom - top} />;
        })}
        {instrument.bands.slice(1).map((b) => (
          <text key={b.id} class="chart-axis" x={PAD.left - 4} y={y(b.min) + 4} text-anchor="end">
            {b.min}
          </text>
        ))}
        <text class="chart-axis" x={PAD.left - 4} y={y(min) + 4} text-anchor="end">
          {min}
        </text>
        <text class="chart-axis" x={PAD.left - 4} y={y(max) + 8} text-anchor="end">
          {max}
        </text>
        {points.length > 1 && <polyline class="chart-line" points={points.map((p) => `${p.x},${p.y}`).join(' ')} />}
        {points.map((p) => (
          <g key={p.s.id}>
            <circle class={p.s.state === 'synced' ? 'chart-point' : 'chart-point chart-point-waiting'} cx={p.x} cy={p.y} r={5} />
            <text class="chart-value" x={p.x} y={p.y - 9} text-anchor="middle">
              {p.s.total}
            </text>
          </g>
        ))}
        <text class="chart-axis" x={PAD.left} y={H - 6} text-anchor="start">
          {day(scored[0]!.at)}
        </text>
        {scored.length > 1 && (
          <text class="chart-axis" x={W - PAD.right} y={H - 6} text-anchor="end">
            {day(last.at)}
          </text>
        )}
      </svg>
      <details class="chart-table">
        <summary>{t('mh.showTable')}</summary>
        <table class="data-table">
          <caption class="sr-only">{t('mh.chartTitle', { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mh.date')}</th>
              <th scope="col">{t('mh.points')}</th>
              <th scope="col">{t('mh.band')}</th>
            </tr>
          </thead>
          <tbody>
            {scored.map((s) => (
              <tr key={s.id}>
                <th scope="row">{day(s.at)}</th>
                <td>{s.total}</td>
                <td>{bandLabel(instrument, s.band, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
