/** [R27][R45] What the multiplexed sockets add to `/metrics`. */
import type { Counter, MetricsRegistry } from '../metrics';

export interface MuxMetrics {
  /** Frames from clients by kind and outcome: `accepted`, `no-channel` (for a channel not open, ignored), `undecodable`, `refused`. */
  readonly frames: Counter;
  /** Channels closed by the relay, by code (the client's own closes are `1000`). */
  readonly channelsClosed: Counter;
  /** Channels open now, on every socket. */
  channels: number;
}

export function createMuxMetrics(registry: MetricsRegistry, sockets: () => number): MuxMetrics {
  const metrics: MuxMetrics = {
    frames: registry.counter('baton_relay_mux_frames_total', 'Multiplexed frames from clients, by kind and outcome.'),
    channelsClosed: registry.counter('baton_relay_mux_channels_closed_total', 'Channels of multiplexed sockets that ended, by close code.'),
    channels: 0,
  };
  registry.gauge('baton_relay_mux_sockets', 'Open multiplexed websockets (one per device and workspace).', sockets);
  registry.gauge('baton_relay_mux_channels', 'Docs open on multiplexed websockets.', () => metrics.channels);
  return metrics;
}
