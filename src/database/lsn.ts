/** A PostgreSQL WAL position ("16/B374D848") as a comparable bigint. */
export function parseLsn(text: string | null | undefined): bigint {
  if (!text) return 0n;
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/**
 * A WAL position on a timeline (history) of the database. A promotion or a point-in-time restore starts a new,
 * higher timeline whose positions may lie below those of the history it left: positions compare only within a
 * timeline (see {@link laterPosition}).
 */
export interface WalPosition {
  timeline: number;
  lsn: bigint;
}

export const NO_POSITION: WalPosition = Object.freeze({ timeline: 0, lsn: 0n });

/** The timeline of a WAL segment file name (`pg_walfile_name()`): its first 8 hex digits. */
export function timelineOfWalFile(name: string): number {
  if (!/^[0-9A-F]{24}$/i.test(name)) throw new Error(`Not a WAL file name: ${name}`);
  return parseInt(name.slice(0, 8), 16);
}

/**
 * Whether `a` comes after `b`: a higher timeline does (a new history), whatever its LSN; on one timeline the
 * higher LSN does; a lower timeline never does (a position from before a promotion).
 */
export function isLaterPosition(a: WalPosition, b: WalPosition): boolean {
  return a.timeline > b.timeline || (a.timeline === b.timeline && a.lsn > b.lsn);
}

/** The later of two positions (see {@link isLaterPosition}). */
export function laterPosition(a: WalPosition, b: WalPosition): WalPosition {
  return isLaterPosition(b, a) ? b : a;
}
