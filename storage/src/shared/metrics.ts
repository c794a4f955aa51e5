/**
 * Prometheus text exposition (format 0.0.4) of gauges and counters read at scrape time. The relayer
 * uses prom-client inside its own package; the storage programs do not depend on it, so this small
 * renderer covers what they need: values computed from their stores when scraped.
 */

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface MetricSample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number | bigint;
}

export interface Metric {
  /** `snake_case`, counters end in `_total`. */
  readonly name: string;
  readonly help: string;
  readonly type: "gauge" | "counter";
  readonly samples: readonly MetricSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** The metrics as one Prometheus text document. */
export function renderMetrics(metrics: readonly Metric[]): string {
  const lines: string[] = [];
  for (const metric of metrics) {
    if (!NAME.test(metric.name)) throw new Error(`invalid metric name ${metric.name}`);
    lines.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${metric.name} ${metric.type}`);
    for (const sample of metric.samples) {
      const labels = Object.entries(sample.labels ?? {});
      for (const [label] of labels) if (!NAME.test(label)) throw new Error(`invalid label name ${label}`);
      const rendered = labels.length === 0 ? "" : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
      lines.push(`${metric.name}${rendered} ${sample.value.toString()}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
