import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type ChartDataset } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Lang } from '../../core/i18n/index.ts';
import { locale } from './figures.ts';

/**
 * Charts drawn with chart.js, registered piece by piece (line and bar, category and linear scales,
 * legend and tooltip) so the bundle carries only these, and only in the dashboard's lazy chunk.
 * A chart is a picture of the table beneath it, which is what screen readers read: the canvas is
 * an image named after the table. A hidden (suppressed) figure is `null`: a gap in a line, no
 * bar, never a zero.
 */
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

// Readable in sunlight and on paper: dark text, large enough to read on a phone held at arm's length.
Chart.defaults.font.family = "'Noto Sans', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
Chart.defaults.font.size = 14;
Chart.defaults.color = '#111418';
Chart.defaults.borderColor = '#c9ced4';
// No animation: nothing to wait for on an old phone, and a print shows the finished chart.
Chart.defaults.animation = false;

/**
 * Okabe and Ito's colour-blind-safe palette, with its two light colours (sky blue, yellow)
 * replaced by black and a dark ochre so every colour has at least 3:1 contrast on white.
 * Lines also differ by point shape and dash, so no series is told by its colour alone.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#AA3377', '#111418', '#8A6A00'] as const;
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;
const DASHES: number[][] = [[], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [1, 6]];

export interface Series {
  label: string;
  /** One value per category; null where the figure is hidden or cannot be computed. */
  values: (number | null)[];
}

export interface ChartProps {
  /** Names the picture for screen readers; the figures themselves are in the table beneath. */
  title: string;
  categories: string[];
  series: Series[];
  /** Percentages on the value axis (rates are 0–1). */
  percent?: boolean;
  /** Numbers are written as this language writes them. */
  lang: Lang;
}

function ticker(props: ChartProps): (value: number) => string {
  const format = new Intl.NumberFormat(locale(props.lang), props.percent ? { style: 'percent', maximumFractionDigits: 1 } : { maximumFractionDigits: 1 });
  return (value) => format.format(value);
}

/** Draws the chart once the canvas is in the page; `config` gets the width it has, to fit long names. */
function useChart(config: (width: number) => ChartConfiguration, deps: unknown[]) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config(canvas.current.parentElement?.clientWidth ?? 600));
    return () => chart.destroy();
    // The caller names what the chart depends on.
  }, deps);
  return canvas;
}

const valueAxis = (props: ChartProps, tick: (value: number) => string) => ({
  beginAtZero: true,
  ...(props.percent ? { suggestedMax: 1 } : {}),
  ticks: { precision: props.percent ? 2 : 0, callback: (v: string | number) => tick(Number(v)) },
  grid: { color: '#e3e6ea' },
});

/** A line per series over the periods; a hidden period is a gap. */
export function LineChart(props: ChartProps) {
  const canvas = useChart(() => {
    const tick = ticker(props);
    return {
      type: 'line',
      data: {
        labels: props.categories,
        datasets: props.series.map(
          (s, i): ChartDataset<'line'> => ({
            label: s.label,
            data: s.values,
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
            borderWidth: 3,
            borderDash: DASHES[i % DASHES.length],
            pointStyle: POINTS[i % POINTS.length],
            pointRadius: 5,
            pointHoverRadius: 7,
            spanGaps: false,
          }),
        ),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        layout: { padding: { right: 12 } },
        scales: { x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 8 } }, y: valueAxis(props, tick) },
        plugins: {
          legend: { display: props.series.length > 1, position: 'bottom', labels: { usePointStyle: true, boxWidth: 10, boxHeight: 10, padding: 14 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : tick(Number(item.raw))}` } },
        },
      },
    };
  }, [JSON.stringify(props.categories), JSON.stringify(props.series), props.percent, props.lang]);
  return (
    <div class="chart chart-line">
      <canvas ref={canvas} role="img" aria-label={props.title} />
    </div>
  );
}

/**
 * Horizontal bars, one row per category, so long Vietnamese names read whole on a phone; several
 * series are stacked (a total split by sex, by outcome). Its height follows the number of rows.
 */
export function BarChart(props: ChartProps) {
  const stacked = props.series.length > 1;
  const canvas = useChart((width) => {
    const tick = ticker(props);
    // chart.js gives the names at most half the width; wrap them to fit rather than cut them.
    const perLine = Math.max(10, Math.floor((width / 2 - 24) / 7.8));
    return {
      type: 'bar',
      data: {
        labels: props.categories,
        datasets: props.series.map(
          (s, i): ChartDataset<'bar'> => ({
            label: s.label,
            data: s.values,
            backgroundColor: PALETTE[i % PALETTE.length],
            borderColor: '#ffffff',
            borderWidth: stacked ? 1 : 0,
            maxBarThickness: 28,
          }),
        ),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ...valueAxis(props, tick), stacked, position: 'top' },
          y: { stacked, grid: { display: false }, ticks: { autoSkip: false, callback: (_v, i) => wrap(props.categories[i] ?? '', perLine) } },
        },
        plugins: {
          legend: { display: stacked, position: 'bottom', labels: { boxWidth: 14, boxHeight: 14, padding: 14 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : tick(Number(item.raw))}` } },
        },
      },
    };
  }, [JSON.stringify(props.categories), JSON.stringify(props.series), props.percent, props.lang]);
  const rows = props.categories.length;
  const height = Math.max(140, rows * 46 + (stacked ? 110 : 50));
  return (
    <div class="chart chart-bar" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.title} />
    </div>
  );
}

/** A long category name on up to three lines of `width` characters, the last cut with an ellipsis. */
function wrap(text: string, width: number): string | string[] {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  const kept = lines.slice(0, 3).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > 3) kept[2] = `${kept[2]!.slice(0, width - 1)}…`;
  return kept;
}

/**
 * Printing lays the page out at the paper's width, but a canvas keeps the size it had on screen:
 * every chart is resized before printing and again after, as chart.js advises.
 */
function resizeAll() {
  for (const chart of Object.values(Chart.instances)) chart.resize();
}
addEventListener('beforeprint', resizeAll);
addEventListener('afterprint', resizeAll);
