import { now, seconds } from '../clock';
import type { Scenario } from './scenario';

/**
 * Every instance in turn: SIGTERM, wait for its exit (it turns unready, keeps serving for SHUTDOWN_DRAIN_DELAY_MS
 * while haproxy's checks take it out, then finishes in-flight requests and exits), start it again, wait until
 * haproxy sees it UP, then the next one. Never more than one instance out.
 */
export const rollingRestart: Scenario = {
  id: 'rolling-restart',
  label: 'rolling',
  title: 'Rolling SIGTERM restart of every instance',
  recoveryFrom: 'the last instance UP in haproxy',
  targets: ['writes', 'keys', 'no-errors'],
  warmupMs: 5_000,
  observeMs: 8_000,
  timeboxMs: 150_000,
  async inject({ cluster, event }) {
    const notes: string[] = [];
    const faultStart = now();
    for (const instance of cluster.instances) {
      const signalled = now();
      event(`SIGTERM ${instance.name}`);
      const down = cluster.haproxy
        .untilServer('app', instance.name, 'DOWN', 20_000)
        .then(() => event(`haproxy: ${instance.name} DOWN, ${seconds(now() - signalled)} after SIGTERM`))
        .catch(() => notes.push(`haproxy never marked ${instance.name} DOWN after its SIGTERM`));
      const exit = await instance.terminate();
      event(`${instance.name} exited (code ${exit.code ?? exit.signal}) ${seconds(exit.ms)} after SIGTERM`);
      if (exit.code !== 0) notes.push(`${instance.name} exited with ${exit.code ?? exit.signal} after SIGTERM, not 0`);
      await down;
      instance.start();
      await instance.untilReady();
      event(`${instance.name} restarted and ready`);
      await cluster.haproxy.untilServer('app', instance.name, 'UP');
      event(`haproxy: ${instance.name} UP`);
    }
    return { faultStart, faultEnd: now(), notes };
  },
};
