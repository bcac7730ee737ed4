import { describe, expect, it } from 'vitest';
import { RateLimiter, TokenBucket, resolveLimits } from './limits';
import { MetricsRegistry, registerBackendMetrics, timeAppends } from './metrics';

describe('MetricsRegistry', () => {
  it('[R27] renders counters with labels, gauges and histograms in the text format 0.0.4', () => {
    const registry = new MetricsRegistry();
    const rejected = registry.counter('x_rejected_total', 'Refused.');
    rejected.inc({ reason: 'too_many_rooms' });
    rejected.inc({ reason: 'say "hi"\n' }, 2);
    registry.gauge('x_rooms', 'Rooms.', () => 3);
    const latency = registry.histogram('x_seconds', 'Latency.', [0.01, 0.1]);
    latency.observe(0.005);
    latency.observe(0.05);
    latency.observe(5);
    expect(registry.render()).toBe(
      [
        '# HELP x_rejected_total Refused.',
        '# TYPE x_rejected_total counter',
        'x_rejected_total{reason="too_many_rooms"} 1',
        'x_rejected_total{reason="say \\"hi\\"\\n"} 2',
        '# HELP x_rooms Rooms.',
        '# TYPE x_rooms gauge',
        'x_rooms 3',
        '# HELP x_seconds Latency.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{le="0.01"} 1',
        'x_seconds_bucket{le="0.1"} 2',
        'x_seconds_bucket{le="+Inf"} 3',
        'x_seconds_sum 5.055',
        'x_seconds_count 3',
        '',
      ].join('\n'),
    );
    expect(() => registry.counter('x_rooms', 'again')).toThrow(/twice/);
  });

  it('[R27] times every store append, and only appends', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('append_seconds', 'Append.', [1]);
    const store = { rows: 0, appendUpdate(): number { return ++this.rows; }, loadUpdates: () => [] as number[] };
    const timed = timeAppends(store, histogram);
    expect(timed.appendUpdate()).toBe(1);
    expect(timed.loadUpdates()).toEqual([]);
    expect(histogram.observations).toBe(1);
  });
});

describe('limits', () => {
  it('[R25] a token bucket allows its burst, then its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // 10/s -> one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });

  it('[R25] the byte burst always fits a maximum-size message', () => {
    const limits = resolveLimits({ maxMessageBytes: 1000, rateBytesBurst: 10 });
    expect(limits.rateBytesBurst).toBe(1000);
    expect(new RateLimiter(limits, () => 0).allow(1000)).toBe(true);
    expect(resolveLimits().rateBytesBurst).toBe(2 * resolveLimits().maxMessageBytes);
  });
});

describe('registerBackendMetrics', () => {
  it('[S7][R27] exposes, per backend, whether it is up, its outages and the operations that failed in them, as read at scrape time', () => {
    const registry = new MetricsRegistry();
    let postgresUp = true;
    registerBackendMetrics(registry, () => [
      { backend: 'postgres', up: postgresUp, outages: postgresUp ? 0 : 1, failures: postgresUp ? 0 : 12 },
      { backend: 'redis', up: true, outages: 2, failures: 650 },
    ]);
    postgresUp = false;
    expect(registry.render()).toBe(
      [
        '# HELP baton_storage_up Whether the backend answers (1) or is in an outage (0).',
        '# TYPE baton_storage_up gauge',
        'baton_storage_up{backend="postgres"} 0',
        'baton_storage_up{backend="redis"} 1',
        '# HELP baton_storage_outages_total Outages of the backend since the relay started.',
        '# TYPE baton_storage_outages_total counter',
        'baton_storage_outages_total{backend="postgres"} 1',
        'baton_storage_outages_total{backend="redis"} 2',
        '# HELP baton_storage_failures_total Operations that failed because the backend was unreachable.',
        '# TYPE baton_storage_failures_total counter',
        'baton_storage_failures_total{backend="postgres"} 12',
        'baton_storage_failures_total{backend="redis"} 650',
        '',
      ].join('\n'),
    );
  });
});
