import { now, sleep } from '../clock';
import type { Scenario } from './scenario';

/** No fault: the load alone, so the other rows have a reference (and a broken harness shows here first). */
export const steadyState: Scenario = {
  id: 'steady-state',
  label: 'steady',
  title: 'Steady state (no fault)',
  recoveryFrom: '-',
  targets: ['writes', 'keys', 'no-errors'],
  warmupMs: 5_000,
  observeMs: 3_000,
  timeboxMs: 30_000,
  async inject({ event }) {
    const faultStart = now();
    event('measuring 10 s of load without a fault');
    await sleep(10_000);
    return { faultStart, faultEnd: now() };
  },
};
