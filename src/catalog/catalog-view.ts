import { laterPosition, NO_POSITION, type WalPosition } from '../database/lsn';

/**
 * The shared catalog state as Redis holds it (the hash `<prefix>catalog:state`), in a message on
 * `<prefix>catalog:changed`, or in a script's answer.
 *
 * - `epoch`: which life of the shared state this is. Redis can lose its data (a restart without persistence, a
 *   failover to an empty replica, FLUSHALL) and then counts generations from 1 again; a new epoch makes sure that
 *   none of those generations meets an old one. Written `<microseconds>-<token>`, the microseconds from Redis's
 *   clock and after every epoch its creator knew of, so that epochs are ordered by when they began; '' = none.
 * - `generation`: bumped by every catalog write within an epoch.
 * - `position`: the WAL position (timeline and LSN) of the latest catalog write.
 * - `reset`: the epoch that last reset `position` (see {@link CatalogView.apply}); '' = never.
 */
export interface SharedState {
  epoch: string;
  generation: number;
  position: WalPosition;
  reset: string;
}

/** Orders epochs (and resets) by when they began; '' (none) comes first. */
export function compareEpochs(a: string, b: string): number {
  if (a === b) return 0;
  if (!a || !b) return a ? 1 : -1;
  const [aMicros, bMicros] = [epochMicros(a), epochMicros(b)];
  if (aMicros !== bMicros) return aMicros > bMicros ? 1 : -1;
  return a > b ? 1 : -1;
}

function epochMicros(epoch: string): bigint {
  const micros = /^(\d+)-/.exec(epoch)?.[1];
  return micros ? BigInt(micros) : -1n;
}

/** `epoch:generation:timeline:lsn:reset`, the form of messages and of the scripts' answers. */
export function encodeState(state: SharedState): string {
  return `${state.epoch}:${state.generation}:${state.position.timeline}:${state.position.lsn}:${state.reset}`;
}

export function decodeState(text: string): SharedState {
  const [epoch = '', generation, timeline, lsn, reset = ''] = text.split(':');
  return stateFrom([epoch, generation, timeline, lsn, reset]);
}

/** The fields `epoch, generation, tl, lsn, reset` as HMGET returns them (null when absent). */
export function stateFrom([epoch, generation, timeline, lsn, reset]: Array<string | null | undefined>): SharedState {
  return {
    epoch: epoch ?? '',
    generation: Number(generation ?? 0) || 0,
    position: { timeline: Number(timeline ?? 0) || 0, lsn: /^\d+$/.test(lsn ?? '') ? BigInt(lsn!) : 0n },
    reset: reset ?? '',
  };
}

/**
 * One instance's view of the shared catalog state, and the rules that merge what it hears into it. Messages and
 * answers may arrive late or out of order (a message on the subscriber connection, an answer on another), and
 * Redis may come back from a failover holding an older life of the state: merging must never go back.
 *
 * - A later epoch is adopted wholesale, its generation with it, even a lower one: its cache keys cannot meet the
 *   old ones (see {@link scope}). Within the epoch, generations merge by max. An earlier epoch, or none, is ignored
 *   (when Redis holds it, CatalogState has it start a later one).
 * - Positions follow the timeline rule ({@link laterPosition}), across epochs, so the loss of Redis's data never
 *   lowers them; a later `reset` replaces them wholesale (a position found ahead of the primary, see
 *   CatalogState), and a state from an earlier epoch and an earlier reset brings none.
 */
export class CatalogView {
  epoch = '';
  generation = 0;
  position: WalPosition = NO_POSITION;
  reset = '';
  /** Bumped at every change of {@link scope}. */
  changes = 0;
  private currentScope = ':0';

  /** What cache keys of this view start with: `epoch:generation`. Keys of another epoch or generation never match. */
  get scope(): string {
    return this.currentScope;
  }

  apply(shared: SharedState): void {
    const order = shared.epoch ? compareEpochs(shared.epoch, this.epoch) : 0;
    if (order > 0) {
      this.epoch = shared.epoch;
      this.generation = shared.generation;
    } else if (order === 0 && shared.epoch === this.epoch && shared.generation > this.generation) {
      this.generation = shared.generation;
    }
    const reset = compareEpochs(shared.reset, this.reset);
    if (reset > 0) {
      this.reset = shared.reset;
      this.position = shared.position;
    } else if (!(order < 0 && reset < 0)) {
      // (From an earlier epoch and before the latest reset: a late message may carry the position that was reset.)
      this.position = laterPosition(this.position, shared.position);
    }
    this.rescope();
  }

  /** A position read from the primary (after this instance's write, or to catch up while Redis is unreachable). */
  advance(position: WalPosition): void {
    this.position = laterPosition(this.position, position);
  }

  /** A write with no Redis at all (single-instance mode): this process is the whole fleet. */
  bumpLocally(): void {
    this.generation++;
    this.rescope();
  }

  private rescope(): void {
    const scope = `${this.epoch}:${this.generation}`;
    if (scope === this.currentScope) return;
    this.currentScope = scope;
    this.changes++;
  }
}
