// A small writer of Prometheus' text exposition format (version 0.0.4): HELP and TYPE once per
// family, then one line per sample, label values escaped. Why not prom-client: the supervisor
// already holds every figure, so a scrape is one pass over a snapshot; prom-client's registry
// would need its gauges set and its counters fed deltas on every scrape, and its cluster
// aggregation (an IPC round trip per scrape) is what we must not do.

export type MetricType = 'gauge' | 'counter';

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The whole exposition; families without samples are left out. */
export function writeExposition(families: readonly Family[]): string {
  let out = '';
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) out += `${family.name}${labelText(sample.labels)} ${numberText(sample.value)}\n`;
  }
  return out;
}

function labelText(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
