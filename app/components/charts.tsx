import { AxisBottom, AxisLeft, AxisRight, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import type { ReactNode } from "react";
import { formatRate } from "~/i18n/format";
import type { Locale } from "~/i18n/locale";
import { useI18n } from "~/i18n/use-i18n";

/**
 * Charts drawn with visx as plain SVG on the server: no script is needed to see them, and they
 * print. Every chart stands beside the table it is drawn from; the table is what assistive
 * technology reads, so the chart is hidden from it (aria-hidden) rather than described twice.
 *
 * Each chart is drawn three times, for a phone, a tablet or paper, and a desktop, and CSS shows
 * one (styles.css, "Charts"): an SVG scales with its viewBox, text included, so a single drawing
 * would have tiny text on a phone or huge text on a desktop. Sizes are viewBox units; each
 * drawing is shown between about 0.9 and 1.25 times its size. Scales round to whole units: a
 * province page draws nine charts, and fifteen-digit coordinates made up most of its HTML.
 */
const layouts = {
  narrow: { width: 320, font: 12 },
  medium: { width: 600, font: 12 },
  wide: { width: 900, font: 12 },
} as const;
type Layout = keyof typeof layouts;
const layoutNames = Object.keys(layouts) as Layout[];

/** Distinct in hue and in lightness, so the series stay apart on a grey-scale printout. */
export const chartColours = {
  whole: "#b5c8bf",
  part: "#17624a",
  line: "#8a5a00",
  target: "#a12622",
  grid: "#e1e8e4",
  ink: "#4d5a54",
} as const;

type LegendItem = { label: string; colour: string; kind: "bar" | "line" | "dash" | "percent" };

function ChartFigure({ legend, children }: { legend: LegendItem[]; children: ReactNode }) {
  return (
    <figure className="chart" aria-hidden="true">
      <ul className="chart__legend">
        {legend.map((item) => (
          <li key={item.label}>
            <span
              className={`chart__swatch chart__swatch--${item.kind}`}
              style={{ color: item.colour }}
            >
              {item.kind === "percent" ? "%" : null}
            </span>
            {item.label}
          </li>
        ))}
      </ul>
      {children}
    </figure>
  );
}

function Svg({
  layout,
  height,
  children,
}: {
  layout: Layout;
  height: number;
  children: ReactNode;
}) {
  const { width, font } = layouts[layout];
  return (
    <svg
      className={`chart__svg chart__svg--${layout}`}
      viewBox={`0 0 ${width} ${height}`}
      fontSize={font}
      focusable="false"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

const compactFormats: Record<Locale, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat("zh-CN", { notation: "compact", maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { notation: "compact", maximumFractionDigits: 1 }),
};

/** Tonnes in few characters for an axis: "1.2万" / "12K". The table has the exact figure. */
function compactTonnes(locale: Locale) {
  const format = compactFormats[locale];
  return (tonnes: number) => format.format(tonnes);
}

const monthNamesEn = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/** "3月" / "Mar", with the year under the first month shown of each year. */
function monthLabel(locale: Locale, month: string, previous: string | undefined) {
  const [year = "", mm = "01"] = month.split("-");
  const m = Number(mm);
  const name = locale === "zh" ? `${m}月` : (monthNamesEn[m - 1] ?? mm);
  return [name, previous?.startsWith(year) ? null : year] as const;
}

function TickLabel({
  x,
  y,
  formattedValue,
  font,
  anchor,
}: TickRendererProps & { font: number; anchor: "start" | "end" }) {
  return (
    <text x={x} y={y} fontSize={font} textAnchor={anchor} dy="0.32em" fill={chartColours.ink}>
      {formattedValue}
    </text>
  );
}

/** Every nth label, so a long period's labels never overlap. */
const everyNth = <T,>(values: T[], most: number) => {
  const step = Math.max(1, Math.ceil(values.length / most));
  return values.filter((_, i) => i % step === 0);
};

export type TrendRow = {
  month: string;
  generatedKg: number;
  recycledKg: number;
  rateBp: number | null;
};

/**
 * By month: generated and recycled tonnes as grouped bars on the left axis, the resource
 * utilization rate as a line on the right axis (0–100 %), and its target as a dashed line.
 */
export function TrendChart({
  rows,
  labels,
  targetBp,
}: {
  rows: TrendRow[];
  labels: { generated: string; recycled: string; rate: string; target?: string };
  targetBp?: number | null;
}) {
  const { locale, t } = useI18n();
  if (rows.length === 0) return null;
  const tonnes = compactTonnes(locale);
  const peak = Math.max(...rows.map((r) => r.generatedKg), 0) / 1000;
  const legend: LegendItem[] = [
    { label: labels.generated, colour: chartColours.whole, kind: "bar" },
    { label: labels.recycled, colour: chartColours.part, kind: "bar" },
    { label: labels.rate, colour: chartColours.line, kind: "line" },
  ];
  const target = targetBp ?? null;
  if (target !== null && labels.target) {
    legend.push({ label: labels.target, colour: chartColours.target, kind: "dash" });
  }
  return (
    <ChartFigure legend={legend}>
      {layoutNames.map((layout) => {
        const { width, font } = layouts[layout];
        const height = { narrow: 230, medium: 270, wide: 320 }[layout];
        const margin = { top: 22, right: 38, bottom: 38, left: 42 };
        const innerW = width - margin.left - margin.right;
        const innerH = height - margin.top - margin.bottom;
        const x = scaleBand({
          domain: rows.map((r) => r.month),
          range: [0, innerW],
          paddingInner: 0.25,
          paddingOuter: 0.1,
          round: true,
        });
        const pair = scaleBand({
          domain: ["generated", "recycled"],
          range: [0, x.bandwidth()],
          padding: 0.06,
          round: true,
        });
        const y = scaleLinear({
          domain: [0, peak || 1],
          range: [innerH, 0],
          nice: true,
          round: true,
        });
        const rate = scaleLinear({ domain: [0, 10_000], range: [innerH, 0], round: true });
        const centre = (month: string) => (x(month) ?? 0) + x.bandwidth() / 2;
        const shown = everyNth(
          rows.map((r) => r.month),
          { narrow: 6, medium: 12, wide: 24 }[layout],
        );
        const bar = (month: string, key: "generated" | "recycled", kg: number) => {
          const top = y(kg / 1000);
          return (
            <Bar
              key={key}
              x={(x(month) ?? 0) + (pair(key) ?? 0)}
              y={top}
              width={pair.bandwidth()}
              height={Math.max(0, innerH - top)}
              fill={key === "generated" ? chartColours.whole : chartColours.part}
            />
          );
        };
        return (
          <Svg key={layout} layout={layout} height={height}>
            <text x={margin.left - 6} y={12} textAnchor="end" fill={chartColours.ink}>
              {t("charts.tonnes")}
            </text>
            <text x={width - margin.right + 6} y={12} fill={chartColours.ink}>
              %
            </text>
            <Group left={margin.left} top={margin.top}>
              {y.ticks(4).map((tick) => (
                <line
                  key={tick}
                  x1={0}
                  x2={innerW}
                  y1={y(tick)}
                  y2={y(tick)}
                  stroke={chartColours.grid}
                />
              ))}
              {rows.map((r) => (
                <g key={r.month}>
                  {bar(r.month, "generated", r.generatedKg)}
                  {bar(r.month, "recycled", r.recycledKg)}
                </g>
              ))}
              {target !== null ? (
                <line
                  x1={0}
                  x2={innerW}
                  y1={rate(target)}
                  y2={rate(target)}
                  stroke={chartColours.target}
                  strokeWidth={1.5}
                  strokeDasharray="6 4"
                />
              ) : null}
              <LinePath
                data={rows}
                x={(r) => centre(r.month)}
                y={(r) => rate(r.rateBp ?? 0)}
                defined={(r) => r.rateBp !== null}
                stroke={chartColours.line}
                strokeWidth={2.5}
              />
              {rows.map((r) =>
                r.rateBp === null ? null : (
                  <circle
                    key={r.month}
                    cx={centre(r.month)}
                    cy={rate(r.rateBp)}
                    r={3.5}
                    fill="#fff"
                    stroke={chartColours.line}
                    strokeWidth={2}
                  />
                ),
              )}
              <AxisLeft
                scale={y}
                numTicks={4}
                tickFormat={(v) => tonnes(Number(v))}
                stroke={chartColours.ink}
                tickStroke={chartColours.ink}
                tickLength={4}
                tickComponent={(tick) => <TickLabel {...tick} font={font} anchor="end" />}
              />
              <AxisRight
                left={innerW}
                scale={rate}
                tickValues={[0, 2_500, 5_000, 7_500, 10_000]}
                tickFormat={(v) => String(Number(v) / 100)}
                stroke={chartColours.ink}
                tickStroke={chartColours.ink}
                tickLength={4}
                tickComponent={(tick) => <TickLabel {...tick} font={font} anchor="start" />}
              />
              <AxisBottom
                top={innerH}
                scale={x}
                tickValues={shown}
                stroke={chartColours.ink}
                tickStroke={chartColours.ink}
                tickLength={4}
                tickComponent={({ x: tx, y: ty, formattedValue }) => {
                  const month = String(formattedValue);
                  const [name, year] = monthLabel(locale, month, shown[shown.indexOf(month) - 1]);
                  return (
                    <text
                      x={tx}
                      y={ty + 4}
                      fontSize={font}
                      textAnchor="middle"
                      fill={chartColours.ink}
                    >
                      <tspan x={tx} dy="0.5em">
                        {name}
                      </tspan>
                      {year ? (
                        <tspan x={tx} dy="1.2em">
                          {year}
                        </tspan>
                      ) : null}
                    </text>
                  );
                }}
              />
            </Group>
          </Svg>
        );
      })}
    </ChartFigure>
  );
}

export type PartRow = {
  key: string;
  label: string;
  wholeKg: number;
  partKg: number;
  /** Shown at the end of the bar. */
  rateBp: number | null;
};

/**
 * One horizontal bar per row (a division, a waste class): the whole in a light colour with the
 * part drawn over it from zero, and the part's share at the end of the bar.
 */
export function PartBars({
  rows,
  labels,
}: {
  rows: PartRow[];
  labels: { whole: string; part: string; rate: string };
}) {
  const { locale, t } = useI18n();
  const peak = Math.max(0, ...rows.map((r) => r.wholeKg)) / 1000;
  if (rows.length === 0 || peak === 0) return null;
  const tonnes = compactTonnes(locale);
  const legend: LegendItem[] = [
    { label: labels.whole, colour: chartColours.whole, kind: "bar" },
    { label: labels.part, colour: chartColours.part, kind: "bar" },
    { label: labels.rate, colour: chartColours.ink, kind: "percent" },
  ];
  return (
    <ChartFigure legend={legend}>
      {layoutNames.map((layout) => {
        const { width, font } = layouts[layout];
        const rowHeight = layout === "narrow" ? 24 : 21;
        const longest = Math.max(...rows.map((r) => textWidth(r.label, font)));
        const margin = {
          top: 6,
          right: 46,
          bottom: 26,
          left: Math.min(layout === "narrow" ? 96 : 200, longest + 10),
        };
        const innerW = width - margin.left - margin.right;
        const innerH = rows.length * rowHeight;
        const height = innerH + margin.top + margin.bottom;
        const y = scaleBand({
          domain: rows.map((r) => r.key),
          range: [0, innerH],
          padding: 0.2,
          round: true,
        });
        const x = scaleLinear({ domain: [0, peak], range: [0, innerW], nice: true, round: true });
        return (
          <Svg key={layout} layout={layout} height={height}>
            <Group left={margin.left} top={margin.top}>
              {x.ticks(layout === "narrow" ? 3 : 6).map((tick) => (
                <line
                  key={tick}
                  x1={x(tick)}
                  x2={x(tick)}
                  y1={0}
                  y2={innerH}
                  stroke={chartColours.grid}
                />
              ))}
              {rows.map((r) => {
                const top = y(r.key) ?? 0;
                const wholeW = x(r.wholeKg / 1000);
                return (
                  <g key={r.key}>
                    <text
                      x={-6}
                      y={top + y.bandwidth() / 2}
                      dy="0.32em"
                      textAnchor="end"
                      fill={chartColours.ink}
                    >
                      {r.label}
                    </text>
                    <Bar
                      x={0}
                      y={top}
                      width={wholeW}
                      height={y.bandwidth()}
                      fill={chartColours.whole}
                    />
                    <Bar
                      x={0}
                      y={top}
                      width={x(r.partKg / 1000)}
                      height={y.bandwidth()}
                      fill={chartColours.part}
                    />
                    {r.rateBp !== null ? (
                      <text
                        x={wholeW + 4}
                        y={top + y.bandwidth() / 2}
                        dy="0.32em"
                        fill={chartColours.ink}
                      >
                        {formatRate(r.rateBp)}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              <AxisBottom
                top={innerH}
                scale={x}
                numTicks={layout === "narrow" ? 3 : 6}
                tickFormat={(v) => tonnes(Number(v))}
                stroke={chartColours.ink}
                tickStroke={chartColours.ink}
                tickLength={4}
                tickComponent={({ x: tx, y: ty, formattedValue }) => (
                  <text
                    x={tx}
                    y={ty + 6}
                    fontSize={font}
                    textAnchor="middle"
                    fill={chartColours.ink}
                  >
                    {formattedValue}
                  </text>
                )}
              />
              <text x={innerW + 20} y={innerH + 10} dy="0.71em" fill={chartColours.ink}>
                {t("charts.tonnes")}
              </text>
            </Group>
          </Svg>
        );
      })}
    </ChartFigure>
  );
}

/** A label's width, estimated: CJK characters are a full em, others a little over half. */
function textWidth(text: string, font: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 1 : 0.58;
  return em * font;
}

/** A division's name short enough for a chart label: "阿坝州", "Ngawa". The table has it whole. */
export function shortDivisionName(locale: Locale, item: { zh: string; en: string } | undefined) {
  if (!item) return "—";
  if (locale === "zh") return item.zh.endsWith("自治州") ? `${item.zh.slice(0, 2)}州` : item.zh;
  return item.en.replace(/ Prefecture$/, "");
}
