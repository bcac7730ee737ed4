/**
 * The loaded rooms, and when they load and unload. `join` either finds the
 * room or creates it in the same tick, its load the first task in its queue
 * (the rows are read without blocking the event loop; messages wait behind
 * them): there is no window in which two copies of a room can exist, and an
 * unload that has started finishes before any new connection is handled ([R5]).
 */
import { CloseCode } from '../shared/protocol';
import { RelayError } from './errors';
import { LoadBackoff } from './load-backoff';
import type { Logger } from './log';
import { MemoryReclaimer } from './memory';
import type { Peer } from './peer';
import type { ChannelOpen } from './room';
import { Room } from './room';
import type { AnyDocStore } from './storage';
import { BackendUnavailableError } from './storage';

export interface RoomRegistryOptions {
  store: AnyDocStore;
  logger: Logger;
  compactThreshold: number;
  /** How long a room with no peers stays loaded, in case someone comes back. */
  idleUnloadMs: number;
  /** The clock of load backoff ([R12]); tests pass their own. */
  now?: () => number;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private closed = false;
  private readonly reclaimer: MemoryReclaimer;
  /** Rooms that failed to load, and when they may be tried again ([R12]). */
  readonly loadBackoff: LoadBackoff;

  constructor(private readonly options: RoomRegistryOptions) {
    this.reclaimer = new MemoryReclaimer(options.logger);
    this.loadBackoff = new LoadBackoff(options.now);
  }

  get size(): number {
    return this.rooms.size;
  }

  has(name: string): boolean {
    return this.rooms.has(name);
  }

  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /**
   * Adds the peer to the room, loading the room if needed. Throws if it cannot load.
   * With `open`, a multiplexed channel's request, the room answers it instead of greeting ([R38]).
   */
  join(name: string, peer: Peer, open?: ChannelOpen): Room {
    if (this.closed) throw new Error('room registry is closed');
    this.cancelIdle(name);
    let room = this.rooms.get(name);
    if (!room) {
      const wait = this.loadBackoff.waitFor(name);
      if (wait > 0) throw new RelayError('load-backoff', `room ${name} failed to load; next attempt in ${Math.ceil(wait / 1000)} s`);
      try {
        room = Room.load(name, {
          store: this.options.store,
          logger: this.options.logger,
          compactThreshold: this.options.compactThreshold,
          onBroken: (broken, error) => this.forget(broken, error),
          onLoaded: () => this.loadBackoff.loaded(name),
          // The event loop serves the other rooms while this one's rows are read ([R5]).
          loadAsync: true,
        });
      } catch (error) {
        this.noteLoadFailure(name);
        throw error;
      }
      this.rooms.set(name, room);
      this.options.logger.info('room loaded', { room: name });
    }
    if (open) room.open(peer, open);
    else room.join(peer);
    return room;
  }

  leave(room: Room, peer: Peer): void {
    room.leave(peer);
    if (this.closed || this.rooms.get(room.name) !== room || room.peerCount > 0) return;
    this.cancelIdle(room.name);
    const timer = setTimeout(() => this.unloadIfIdle(room.name), this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room.name, timer);
  }

  /** Compacts and frees every room, closing their peers with `code`. */
  closeAll(code: number = CloseCode.goingAway): void {
    this.closed = true;
    this.reclaimer.stop();
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of this.rooms.values()) room.shutdown(code);
    this.rooms.clear();
  }

  private unloadIfIdle(name: string): void {
    this.idleTimers.delete(name);
    const room = this.rooms.get(name);
    if (!room || room.peerCount > 0) return;
    // Every update is already in the store ([R2]); compaction here only makes the next load cheaper.
    this.rooms.delete(name);
    room.shutdown(CloseCode.normal, 'room unloaded');
    this.options.logger.info('room unloaded', { room: name });
    this.reclaimer.noteUnload();
  }

  private forget(room: Room, error: RelayError): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    this.cancelIdle(room.name);
    // [S7] A store outage is no fault of the room: the store logged it once, and the room loads as soon as it is back.
    if (error.reason === 'load-failed' && !(error.cause instanceof BackendUnavailableError)) this.noteLoadFailure(room.name);
  }

  private noteLoadFailure(name: string): void {
    const wait = this.loadBackoff.failed(name);
    this.options.logger.warn('room failed to load; connections to it are refused until the next attempt', { room: name, retryInMs: wait });
  }

  private cancelIdle(name: string): void {
    const timer = this.idleTimers.get(name);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(name);
  }
}
