/**
 * One instrument's results: an SVG chart drawn from measure-chart's geometry (severity bands, the
 * results joined by a line, reliable-change markers, the plan's reassessment date), named by a
 * sentence that says what it shows, with a table of the same numbers beside it.
 */
import type { InstrumentSummary, MeasureResponse } from '../../core/api/measures.js';
import { bandsOf, type ChartPoint, chartOf, instrumentName } from './measure-chart.js';
import { useLocalTime } from './local-time.js';

/** Band shades from the better end to the worse: the band's label says what it is, not its colour. */
const SHADES = ['#f4f8f6', '#eef3f0', '#f6f1e6', '#f6e9e2', '#f3e0e0'];

function Marker(props: { point: ChartPoint }) {
  const { point } = props;
  if (point.marker === 'reliably-better') {
    return (
      <path
        d={`M${point.x} ${point.y - 10} L${point.x + 10} ${point.y} L${point.x} ${point.y + 10} L${point.x - 10} ${point.y} Z`}
        class="marker-better"
      />
    );
  }
  if (point.marker === 'reliably-worse') {
    return <rect x={point.x - 9} y={point.y - 9} width={18} height={18} class="marker-worse" />;
  }
  return null;
}

function changeText(measure: MeasureResponse, instrument: InstrumentSummary): string {
  if (measure.change === null) return measure.total === null ? '' : 'First result';
  const { delta, reliable, direction } = measure.change;
  const signed = delta > 0 ? `+${delta}` : delta < 0 ? `−${Math.abs(delta)}` : '0';
  if (reliable) return `${signed}, reliably ${direction}`;
  if (delta === 0) return 'No change';
  // Without a reliable change threshold (our own instruments), a change is only a difference.
  return instrument.reliableChange ? `${signed} (${instrument.better} is better), not a reliable change` : signed;
}

export function MeasureChart(props: {
  instrument: InstrumentSummary;
  measures: readonly MeasureResponse[];
  reassessBy: string | null;
}) {
  const { instrument } = props;
  const local = useLocalTime();
  const chart = chartOf(instrument, props.measures, { timeZone: local.timeZone, reassessBy: props.reassessBy });
  const name = instrumentName(instrument);
  const results = props.measures
    .filter((m) => m.instrument === instrument.id)
    .sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  const withTotal = instrument.totalRange !== null;
  const scoreNames = withTotal ? [] : [...new Set(results.flatMap((m) => Object.keys(m.scores)))];
  const bandLabel = (code: string | null) => bandsOf(instrument).find((b) => b.code === code)?.label.en ?? '';
  const markers = new Set(chart.series.flatMap((s) => s.points.map((p) => p.marker)));
  const anyReliable = markers.has('reliably-better') || markers.has('reliably-worse');
  const id = `chart-${instrument.id}`;
  const bandOrder = instrument.better === 'lower' ? chart.bands : [...chart.bands].reverse();

  return (
    <section class="measure" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{instrument.title.en}</h3>
      <div class="measure-body">
        <figure class="measure-chart">
          <svg
            viewBox={`0 0 ${chart.width} ${chart.height}`}
            role="img"
            aria-labelledby={`${id}-summary`}
            data-testid={`${id}-svg`}
          >
            <title>{chart.summary}</title>
            {/* An image's parts are not read one by one: the summary names the whole picture. */}
            <g>
              {chart.bands.map((band) => {
                const shade = SHADES[Math.min(SHADES.length - 1, bandOrder.indexOf(band))] ?? SHADES[0];
                return (
                  <g key={band.code}>
                    <rect
                      x={chart.plot.left}
                      y={band.y}
                      width={chart.plot.right - chart.plot.left}
                      height={band.height}
                      fill={shade}
                    />
                    <text x={chart.plot.right + 6} y={band.y + band.height / 2 + 4} class="band-label">
                      {band.label}
                    </text>
                  </g>
                );
              })}
              <rect
                x={chart.plot.left}
                y={chart.plot.top}
                width={chart.plot.right - chart.plot.left}
                height={chart.plot.bottom - chart.plot.top}
                class="plot-frame"
              />
              {chart.yTicks.map((tick) => (
                <g key={`y${tick.label}`}>
                  <line x1={chart.plot.left - 4} x2={chart.plot.left} y1={tick.y} y2={tick.y} class="tick" />
                  <text x={chart.plot.left - 8} y={tick.y + 4} class="tick-label" text-anchor="end">
                    {tick.label}
                  </text>
                </g>
              ))}
              {chart.xTicks.map((tick) => (
                <g key={`x${tick.x}`}>
                  <line x1={tick.x} x2={tick.x} y1={chart.plot.bottom} y2={chart.plot.bottom + 4} class="tick" />
                  <text x={tick.x} y={chart.plot.bottom + 18} class="tick-label" text-anchor="middle">
                    {tick.label}
                  </text>
                </g>
              ))}
              {chart.reassess ? (
                <g>
                  <line
                    x1={chart.reassess.x}
                    x2={chart.reassess.x}
                    y1={chart.plot.top}
                    y2={chart.plot.bottom}
                    class="reassess-line"
                  />
                  <text x={chart.reassess.x - 4} y={chart.plot.top + 12} class="reassess-label" text-anchor="end">
                    {chart.reassess.label}
                  </text>
                </g>
              ) : null}
              {chart.series.map((series, index) => (
                <g key={series.name} class={`series series-${index}`}>
                  <path d={series.path} class="series-line" />
                  {series.points.map((point) =>
                    index === 0 ? (
                      <circle key={point.measureId} cx={point.x} cy={point.y} r={4.5} class="point" />
                    ) : (
                      <rect key={point.measureId} x={point.x - 4} y={point.y - 4} width={8} height={8} class="point" />
                    ),
                  )}
                  {series.points.map((point) => (
                    <Marker key={`m${point.measureId}`} point={point} />
                  ))}
                </g>
              ))}
            </g>
          </svg>
          <figcaption id={`${id}-summary`}>{chart.summary}</figcaption>
          {anyReliable || chart.series.length > 1 || chart.reassess ? (
            <ul class="chart-legend" aria-label={`Key to the ${name} chart`}>
              {chart.series.length > 1
                ? chart.series.map((series, index) => (
                    <li key={series.name}>
                      <svg viewBox="0 0 30 12" class="legend-mark" aria-hidden="true">
                        <g class={`series series-${index}`}>
                          <path d="M1 6 L29 6" class="series-line" />
                          {index === 0 ? (
                            <circle cx={15} cy={6} r={4} class="point" />
                          ) : (
                            <rect x={11} y={2} width={8} height={8} class="point" />
                          )}
                        </g>
                      </svg>
                      {series.name}
                    </li>
                  ))
                : null}
              {markers.has('reliably-better') ? (
                <li>
                  <svg viewBox="0 0 24 24" class="legend-mark" aria-hidden="true">
                    <path d="M12 2 L22 12 L12 22 L2 12 Z" class="marker-better" />
                  </svg>
                  Reliably better than the first result
                </li>
              ) : null}
              {markers.has('reliably-worse') ? (
                <li>
                  <svg viewBox="0 0 24 24" class="legend-mark" aria-hidden="true">
                    <rect x={3} y={3} width={18} height={18} class="marker-worse" />
                  </svg>
                  Reliably worse than the first result
                </li>
              ) : null}
              {chart.reassess ? (
                <li>
                  <svg viewBox="0 0 12 24" class="legend-mark" aria-hidden="true">
                    <line x1={6} x2={6} y1={1} y2={23} class="reassess-line" />
                  </svg>
                  The plan’s reassessment date
                </li>
              ) : null}
            </ul>
          ) : null}
        </figure>
        <div class="measure-table">
          <table class="data">
            <caption>{name} results, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Taken</th>
                {withTotal ? (
                  <>
                    <th scope="col">Score</th>
                    {chart.bands.length > 0 ? <th scope="col">Band</th> : null}
                    <th scope="col">Change from first</th>
                  </>
                ) : (
                  scoreNames.map((score) => (
                    <th key={score} scope="col">
                      {score.charAt(0).toUpperCase()}
                      {score.slice(1)}
                    </th>
                  ))
                )}
              </tr>
            </thead>
            <tbody>
              {results.map((m) => (
                <tr key={m.id}>
                  <td>
                    <time dateTime={m.takenAt}>{local.when(m.takenAt)}</time>
                    {m.via === 'clinician' ? <span class="muted"> (entered)</span> : null}
                  </td>
                  {withTotal ? (
                    <>
                      <td>{m.total ?? '—'}</td>
                      {chart.bands.length > 0 ? <td>{bandLabel(m.severity)}</td> : null}
                      <td>{changeText(m, instrument)}</td>
                    </>
                  ) : (
                    scoreNames.map((score) => <td key={score}>{m.scores[score] ?? '—'}</td>)
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {instrument.reliableChange ? (
            <p class="muted small">
              Reliable change: {instrument.reliableChange.points} points ({instrument.better} is better).
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}
