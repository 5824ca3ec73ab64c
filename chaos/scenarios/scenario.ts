import type { ChaosCluster } from '../cluster';

/**
 * What a scenario is held to:
 * - `writes`: no acknowledged write missing, no failed write present (every scenario);
 * - `keys`: no keyed POST applied twice (every scenario; the Idempotency-Key contract);
 * - `no-errors`: no 5xx and no connection error;
 * - `only-503`: every request that did not succeed got a 503 with Retry-After;
 * - `recover-10s`: no failure later than 10 s after the database is back.
 */
export type Target = 'writes' | 'keys' | 'no-errors' | 'only-503' | 'recover-10s';

export interface FaultContext {
  cluster: ChaosCluster;
  /** Notes a step of the fault, with its time, in the report's timeline. */
  event(what: string): void;
}

export interface FaultWindow {
  faultStart: number;
  /** When the fault was over: the last instance back, Redis or the database accepting connections again. */
  faultEnd: number;
  /** Facts measured during the fault, for the report. */
  notes?: string[];
}

export interface Scenario {
  id: string;
  /** Short, part of every marker this scenario's writes carry. */
  label: string;
  title: string;
  /** What `faultEnd` means for the "time to recover" column. */
  recoveryFrom: string;
  targets: Target[];
  /** Steady load before the fault, and after it. */
  warmupMs: number;
  observeMs: number;
  /** The fault itself must be over by then, or the suite stops. */
  timeboxMs: number;
  inject(context: FaultContext): Promise<FaultWindow>;
}
