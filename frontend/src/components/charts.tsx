/** Hand-rolled SVG charts (no chart library: the bundle stays small), each with a table
 * of its numbers for screen readers. */
import { useI18n } from "../i18n";

export type Bar = { label: string; values: number[] };

/** Horizontal bars, one row per label, one bar per series (values in 0..1). */
export function BarChart({ title, series, bars }: { title: string; series: string[]; bars: Bar[] }) {
  const { t, fmt } = useI18n();
  const rowH = 16 * series.length + 16;
  const labelW = 130;
  const width = 320;
  const plotW = width - labelW - 44;
  const height = bars.length * rowH + 8;
  const classes = ["bar", "bar-alt"];
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("chart.bar", { title })}>
        {bars.map((bar, i) => {
          const y = i * rowH + 4;
          return (
            <g key={bar.label}>
              <text x={0} y={y + rowH / 2} dominantBaseline="middle">
                {bar.label.length > 17 ? `${bar.label.slice(0, 16)}…` : bar.label}
              </text>
              {bar.values.map((v, j) => {
                const w = Math.max(0, Math.min(1, v)) * plotW;
                const by = y + 5 + j * 16;
                return (
                  <g key={j}>
                    <rect className={classes[j % 2]} x={labelW} y={by} width={Math.max(w, 1)} height={13} rx={2} />
                    <text x={labelW + w + 4} y={by + 6} dominantBaseline="middle">
                      {fmt.percent(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend" aria-hidden="true">
          {series.map((s, j) => (
            <li key={s}>
              <i className={classes[j % 2]} style={{ background: j % 2 ? "var(--bar-alt)" : "var(--bar)" }} />
              {s}
            </li>
          ))}
        </ul>
        <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <td />
              {series.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                {bar.values.map((v, j) => (
                  <td key={j}>{fmt.percent(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </figcaption>
    </figure>
  );
}

export type Point = { x: number; y: number; label: string };

/** The chart's scale: rank 1 at the top, the worst rank at the bottom. */
export function rankScale(points: Point[], top: number, bottom: number): (y: number) => number {
  const worst = Math.max(1, ...points.map((p) => p.y));
  if (worst === 1) return () => top;
  return (y) => top + ((y - 1) / (worst - 1)) * (bottom - top);
}

/** A line of ranks over rounds (lower is better, so the axis is reversed). */
export function RankChart({ title, points, xLabel }: { title: string; points: Point[]; xLabel: (x: number) => string }) {
  const { t, fmt } = useI18n();
  const width = 320;
  const height = 190;
  const left = 36;
  const right = 12;
  const top = 14;
  const bottom = height - 26;
  const worst = Math.max(1, ...points.map((p) => p.y));
  const y = rankScale(points, top, bottom);
  const n = points.length;
  const x = (i: number) => (n <= 1 ? (left + width - right) / 2 : left + (i * (width - left - right)) / (n - 1));
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
  const ticks = worst === 1 ? [1] : [1, Math.ceil((1 + worst) / 2), worst].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("chart.line", { title })}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="grid" x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} />
            <text x={left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {fmt.number(tick)}
            </text>
          </g>
        ))}
        <line className="axis" x1={left} x2={width - right} y1={bottom + 6} y2={bottom + 6} />
        {points.map((p, i) => (
          <text key={p.x} x={x(i)} y={height - 6} textAnchor="middle">
            {xLabel(p.x)}
          </text>
        ))}
        {n > 1 && <path className="line" d={path} />}
        {points.map((p, i) => (
          <circle key={p.x} className="dot" cx={x(i)} cy={y(p.y)} r={4}>
            <title>{p.label}</title>
          </circle>
        ))}
      </svg>
      <div className="visually-hidden">
      <table>
        <caption>{title}</caption>
        <tbody>
          {points.map((p) => (
            <tr key={p.x}>
              <th scope="row">{xLabel(p.x)}</th>
              <td>{p.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
