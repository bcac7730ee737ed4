/**
 * A small metrics registry with the Prometheus text exposition format 0.0.4
 * ([R27]). Counters and gauges with labels, histograms with fixed buckets, and
 * gauges computed at scrape time. No dependency: the relay needs a dozen
 * series, not a client library.
 */

import type { BackendState } from './storage';

export type Labels = Record<string, string | number>;

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Metric {
  readonly name: string;
  render(): string[];
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  gauge(name: string, help: string, collect?: () => number): Gauge {
    return this.add(new Gauge(name, help, collect));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  /** A counter or gauge whose labelled values are read from their owner at scrape time. */
  collected(name: string, help: string, type: 'counter' | 'gauge', collect: () => Iterable<[Labels, number]>): void {
    this.add(new CollectedSeries(name, help, type, collect));
  }

  /** Every metric in the text format, ending with a newline. */
  render(): string {
    const lines: string[] = [];
    for (const metric of this.metrics.values()) lines.push(...metric.render());
    return lines.join('\n') + '\n';
  }

  private add<M extends Metric>(metric: M): M {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.name)) throw new Error(`invalid metric name ${metric.name}`);
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

/** Label sets are kept as their rendered text: `{code="4400"}`. */
function labelText(labels: Labels | undefined, extra?: [string, string]): string {
  // The common case, several times per relayed update: no labels, nothing to build.
  if (labels === undefined && extra === undefined) return '';
  const entries = Object.entries(labels ?? {}).map(([key, value]) => [key, String(value)] as const);
  if (extra) entries.push(extra);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function header(name: string, help: string, type: string): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels?: Labels): number {
    return this.values.get(labelText(labels)) ?? 0;
  }

  render(): string[] {
    const lines = header(this.name, this.help, 'counter');
    // An unlabelled counter is exposed at 0 before its first increment.
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${formatValue(value)}`);
    return lines;
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly collect?: () => number,
  ) {}

  set(value: number, labels?: Labels): void {
    this.values.set(labelText(labels), value);
  }

  inc(labels?: Labels, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  dec(labels?: Labels, by = 1): void {
    this.inc(labels, -by);
  }

  get(labels?: Labels): number {
    if (this.collect && !labels) return this.collect();
    return this.values.get(labelText(labels)) ?? 0;
  }

  render(): string[] {
    const lines = header(this.name, this.help, 'gauge');
    if (this.collect) lines.push(`${this.name} ${formatValue(this.collect())}`);
    else if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${formatValue(value)}`);
    return lines;
  }
}

export class Histogram implements Metric {
  private readonly buckets: readonly number[];
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly help: string,
    buckets: readonly number[],
  ) {
    this.buckets = [...buckets].sort((a, b) => a - b);
    this.counts = this.buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) this.counts[i]! += 1;
  }

  get observations(): number {
    return this.count;
  }

  render(): string[] {
    const lines = header(this.name, this.help, 'histogram');
    this.buckets.forEach((bound, i) => lines.push(`${this.name}_bucket${labelText(undefined, ['le', formatValue(bound)])} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${formatValue(this.sum)}`);
    lines.push(`${this.name}_count ${this.count}`);
    return lines;
  }
}

class CollectedSeries implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge',
    private readonly collect: () => Iterable<[Labels, number]>,
  ) {}

  render(): string[] {
    const lines = header(this.name, this.help, this.type);
    for (const [labels, value] of this.collect()) lines.push(`${this.name}${labelText(labels)} ${formatValue(value)}`);
    return lines;
  }
}

/** What the relay measures; one instance per relay. */
export interface RelayMetrics {
  readonly registry: MetricsRegistry;
  readonly messagesIn: Counter;
  readonly messagesOut: Counter;
  readonly bytesIn: Counter;
  readonly bytesOut: Counter;
  /** `upgradesRejected.inc({ reason })` wherever an upgrade is refused (auth adds its own reasons). */
  readonly upgradesRejected: Counter;
  readonly connectionsClosed: Counter;
  /**
   * Every frame a client sent past the rate limit, by message type (read from its
   * first bytes) and outcome: `accepted`, `refused` (decoded, then refused by the
   * room: Yjs or [R26] nesting), `undecodable` ([R4]) or `dropped` (a viewer's, [R17]).
   */
  readonly frames: Counter;
  /** Seconds each store append took. */
  readonly persistence: Histogram;
}

/** Buckets for a synchronous SQLite append: typically 20 µs - 2 ms, under fsync pressure up to seconds. */
export const PERSISTENCE_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createRelayMetrics(sources: { connections: () => number; rooms: () => number }): RelayMetrics {
  const registry = new MetricsRegistry();
  registry.gauge('baton_relay_connections', 'Open websocket connections.', sources.connections);
  registry.gauge('baton_relay_rooms_loaded', 'Rooms whose document is in memory.', sources.rooms);
  const metrics: RelayMetrics = {
    registry,
    messagesIn: registry.counter('baton_relay_messages_in_total', 'Websocket messages received from clients.'),
    messagesOut: registry.counter('baton_relay_messages_out_total', 'Websocket messages sent to clients.'),
    bytesIn: registry.counter('baton_relay_bytes_in_total', 'Payload bytes received from clients.'),
    bytesOut: registry.counter('baton_relay_bytes_out_total', 'Payload bytes sent to clients.'),
    upgradesRejected: registry.counter('baton_relay_upgrades_rejected_total', 'Websocket upgrades refused with an HTTP status, by reason.'),
    connectionsClosed: registry.counter('baton_relay_connections_closed_total', 'Websocket connections closed, by close code.'),
    frames: registry.counter('baton_relay_frames_total', 'Frames from clients that reached the decoder, by message type and outcome.'),
    persistence: registry.histogram('baton_relay_persistence_seconds', 'Time to append one update to the store.', PERSISTENCE_BUCKETS),
  };
  registry.gauge('process_resident_memory_bytes', 'Resident set size of the relay process.', () => process.memoryUsage.rss());
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  registry.gauge('nodejs_heap_total_bytes', 'V8 heap allocated.', () => process.memoryUsage().heapTotal);
  registry.gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (buffers).', () => process.memoryUsage().external);
  registry.gauge('process_uptime_seconds', 'Seconds since the relay process started.', () => Math.round(process.uptime()));
  return metrics;
}

/**
 * [S7] The backends of a scaled-out relay, by `backend` (postgres, redis): whether
 * each is up, how many outages it had and how many operations failed in them.
 * Kept by the store's outage trackers, read when scraped.
 */
export function registerBackendMetrics(registry: MetricsRegistry, backends: () => readonly BackendState[]): void {
  const series = (value: (state: BackendState) => number) => () => backends().map((state): [Labels, number] => [{ backend: state.backend }, value(state)]);
  registry.collected('baton_storage_up', 'Whether the backend answers (1) or is in an outage (0).', 'gauge', series((state) => (state.up ? 1 : 0)));
  registry.collected('baton_storage_outages_total', 'Outages of the backend since the relay started.', 'counter', series((state) => state.outages));
  registry.collected('baton_storage_failures_total', 'Operations that failed because the backend was unreachable.', 'counter', series((state) => state.failures));
}

/**
 * The same store with every `appendUpdate` timed into `histogram`; works for a
 * synchronous store and for one whose append returns a promise.
 */
export function timeAppends<S extends { appendUpdate(...args: never[]): unknown }>(store: S, histogram: Histogram): S {
  const timed = (append: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const started = performance.now();
    const observe = () => histogram.observe((performance.now() - started) / 1000);
    let result: unknown;
    try {
      result = append(...args);
    } catch (error) {
      observe();
      throw error;
    }
    if (result instanceof Promise) return result.finally(observe);
    observe();
    return result;
  };
  // Each method is wrapped or bound once: the store is used on the path of every update.
  const methods = new Map<string | symbol, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      let method = methods.get(property);
      if (method === undefined) {
        const bound = (value as (...args: unknown[]) => unknown).bind(target);
        method = property === 'appendUpdate' ? timed(bound) : bound;
        methods.set(property, method);
      }
      return method;
    },
  });
}
