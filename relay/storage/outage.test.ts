import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log';
import { OutageTracker } from './outage';

function tracker() {
  const logger = memoryLogger();
  let downs = 0;
  const outage = new OutageTracker({ backend: 'redis', logger, downMessage: 'redis unavailable; catch-up only', onDown: () => (downs += 1) });
  return { outage, lines: logger.lines, downs: () => downs };
}

describe('OutageTracker', () => {
  it('[S7] logs an outage once when it starts and once when it ends, however many operations fail in it', () => {
    const { outage, lines, downs } = tracker();
    for (let i = 0; i < 500; i++) outage.failed(new Error('Connection is closed.'));
    outage.failed(new Error('connect ECONNREFUSED'), { operation: false });
    expect(lines.map((line) => [line.level, line.msg])).toEqual([['error', 'redis unavailable; catch-up only']]);
    expect(downs()).toBe(1);
    expect(outage.state()).toEqual({ backend: 'redis', up: false, outages: 1, failures: 500 });

    outage.restored();
    outage.restored();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'redis available again', backend: 'redis', failed: 500, durationMs: expect.any(Number) });
    expect(outage.state()).toEqual({ backend: 'redis', up: true, outages: 1, failures: 500 });
  });

  it('[S7] a second outage is logged and counted on its own, with only its own failures', () => {
    const { outage, lines, downs } = tracker();
    outage.failed(new Error('first'));
    outage.restored();
    outage.failed(new Error('second'));
    outage.failed(new Error('second again'));
    outage.restored();
    expect(lines.map((line) => line.msg)).toEqual(['redis unavailable; catch-up only', 'redis available again', 'redis unavailable; catch-up only', 'redis available again']);
    expect(lines[3]).toMatchObject({ failed: 2 });
    expect(downs()).toBe(2);
    expect(outage.state()).toMatchObject({ outages: 2, failures: 3 });
  });

  it('[S7] an operation that started before the backend came back and fails after it (a connect timeout) opens no new outage', () => {
    const { outage, lines } = tracker();
    outage.failed(new Error('refused'));
    const epoch = outage.epoch; // an operation starts during the outage, waiting for a connection
    outage.restored();
    outage.failed(new Error('timeout exceeded when trying to connect'), { epoch });
    expect(outage.up).toBe(true);
    expect(lines.map((line) => line.msg)).toEqual(['redis unavailable; catch-up only', 'redis available again']);
    // One that starts now and fails is a new outage.
    outage.failed(new Error('refused'), { epoch: outage.epoch });
    expect(outage.up).toBe(false);
    expect(outage.state()).toMatchObject({ outages: 2, failures: 3 });
  });

  it('[S7] an operation that started before the outage and succeeds during it (a server still shutting down) does not end it', () => {
    const { outage, lines } = tracker();
    const before = outage.epoch;
    outage.failed(new Error('terminating connection due to administrator command'), { epoch: outage.epoch });
    outage.restored({ epoch: before });
    expect(outage.up).toBe(false);
    outage.restored({ epoch: outage.epoch }); // a probe that started during the outage
    expect(outage.up).toBe(true);
    expect(lines.map((line) => line.msg)).toEqual(['redis unavailable; catch-up only', 'redis available again']);
  });

  it('[S7] answers that come while nothing failed log nothing', () => {
    const { outage, lines } = tracker();
    outage.restored();
    expect(lines).toEqual([]);
    expect(outage.state()).toEqual({ backend: 'redis', up: true, outages: 0, failures: 0 });
  });
});
