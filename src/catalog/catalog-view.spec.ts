import { isLaterPosition, timelineOfWalFile } from '../database/lsn';
import { CatalogView, compareEpochs, decodeState, encodeState, stateFrom, type SharedState } from './catalog-view';

const E1 = '1796000000000000-aaaa';
const E2 = '1796000000000001-0000';

const shared = (epoch: string, generation: number, timeline = 1, lsn = 100n, reset = ''): SharedState => ({
  epoch,
  generation,
  position: { timeline, lsn },
  reset,
});

describe(CatalogView.name, () => {
  let sut: CatalogView;

  beforeEach(() => {
    sut = new CatalogView();
  });

  describe('epochs and generations', () => {
    it('adopts a later epoch wholesale, its lower generation with it, under a scope no earlier epoch had', () => {
      sut.apply(shared(E1, 5));
      const before = sut.scope;
      sut.apply(shared(E2, 1));
      expect({ epoch: sut.epoch, generation: sut.generation, scope: sut.scope }).toEqual({ epoch: E2, generation: 1, scope: `${E2}:1` });
      expect(sut.scope).not.toBe(before);
    });

    it('merges generations by max within an epoch: a late message does not go back', () => {
      sut.apply(shared(E1, 5));
      sut.apply(shared(E1, 4));
      expect(sut.generation).toBe(5);
      sut.apply(shared(E1, 6));
      expect(sut.generation).toBe(6);
    });

    it('ignores an earlier epoch (a late message, or Redis holding an older life of the state)', () => {
      sut.apply(shared(E2, 1));
      sut.apply(shared(E1, 9));
      expect(sut.scope).toBe(`${E2}:1`);
    });

    it('keeps its view when Redis holds no epoch (lost it)', () => {
      sut.apply(shared(E1, 5));
      sut.apply(shared('', 0, 0, 0n));
      expect(sut.scope).toBe(`${E1}:5`);
    });

    it('counts every change of scope, and only those', () => {
      sut.apply(shared(E1, 1));
      const changes = sut.changes;
      sut.apply(shared(E1, 1));
      sut.apply(shared(E1, 0));
      expect(sut.changes).toBe(changes);
      sut.apply(shared(E2, 1));
      sut.bumpLocally();
      expect(sut.changes).toBe(changes + 2);
    });
  });

  describe('positions', () => {
    it('follows a higher timeline even to a lower LSN (a promotion or a restore began a new history)', () => {
      sut.apply(shared(E1, 1, 1, 9_000n));
      sut.apply(shared(E1, 2, 2, 500n));
      expect(sut.position).toEqual({ timeline: 2, lsn: 500n });
    });

    it('keeps the higher LSN on one timeline, and ignores a lower timeline (a message from before the promotion)', () => {
      sut.apply(shared(E1, 1, 2, 500n));
      sut.apply(shared(E1, 2, 2, 400n));
      expect(sut.position).toEqual({ timeline: 2, lsn: 500n });
      sut.apply(shared(E1, 3, 1, 9_000n));
      expect(sut.position).toEqual({ timeline: 2, lsn: 500n });
      sut.advance({ timeline: 2, lsn: 600n });
      sut.advance({ timeline: 1, lsn: 10_000n });
      expect(sut.position).toEqual({ timeline: 2, lsn: 600n });
    });

    it('never lowers a position because Redis lost it: a new epoch merges positions like any message', () => {
      sut.apply(shared(E1, 5, 1, 9_000n));
      sut.apply(shared(E2, 1, 1, 8_000n));
      expect(sut.position).toEqual({ timeline: 1, lsn: 9_000n });
    });

    it('takes a position from a later reset wholesale, even a lower one, and from an earlier reset never', () => {
      sut.apply(shared(E1, 5, 1, 1n << 60n));
      sut.apply(shared(E2, 1, 1, 800n, E2));
      expect(sut.position).toEqual({ timeline: 1, lsn: 800n });
      sut.apply(shared(E2, 2, 1, 900n, E2));
      expect(sut.position).toEqual({ timeline: 1, lsn: 900n });
      sut.apply(shared(E1, 6, 1, 1n << 60n, E1));
      expect(sut.position).toEqual({ timeline: 1, lsn: 900n });
    });
  });
});

describe(compareEpochs.name, () => {
  it('orders epochs by when they began (as numbers, not text), then by token; none comes first', () => {
    expect(compareEpochs('999-ffff', '1000-0000')).toBe(-1);
    expect(compareEpochs(E2, E1)).toBe(1);
    expect(compareEpochs('5-b', '5-a')).toBe(1);
    expect(compareEpochs(E1, E1)).toBe(0);
    expect(compareEpochs('', E1)).toBe(-1);
    expect(compareEpochs(E1, '')).toBe(1);
  });
});

describe('shared state encoding', () => {
  it('round-trips a message, with 64-bit LSNs intact', () => {
    const state = shared(E1, 42, 7, (1n << 64n) - 1n, E1);
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('reads a hash with missing fields as nothing known', () => {
    expect(stateFrom([null, null, null, null, null])).toEqual(shared('', 0, 0, 0n));
    expect(stateFrom([E1, '3', '1', 'garbage', null])).toEqual(shared(E1, 3, 1, 0n));
  });
});

describe('WAL positions', () => {
  it('reads the timeline from a WAL file name', () => {
    expect(timelineOfWalFile('00000001000000000000000A')).toBe(1);
    expect(timelineOfWalFile('0000001F0000000200000003')).toBe(31);
    expect(() => timelineOfWalFile('nope')).toThrow();
  });

  it('orders positions by timeline first', () => {
    expect(isLaterPosition({ timeline: 2, lsn: 1n }, { timeline: 1, lsn: 10n })).toBe(true);
    expect(isLaterPosition({ timeline: 1, lsn: 10n }, { timeline: 1, lsn: 9n })).toBe(true);
    expect(isLaterPosition({ timeline: 1, lsn: 10n }, { timeline: 1, lsn: 10n })).toBe(false);
    expect(isLaterPosition({ timeline: 1, lsn: 1_000n }, { timeline: 2, lsn: 1n })).toBe(false);
  });
});
