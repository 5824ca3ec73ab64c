import type { HealthIndicatorResult } from '@nestjs/terminus';
import { ProblemException } from '../common/problem/problem.exception';
import { ShutdownState } from '../lifecycle/shutdown-state';
import type { DependencyHealthIndicators } from './dependency-health.indicators';
import { HealthController } from './health.controller';

const result = (name: string, up: boolean): HealthIndicatorResult => ({ [name]: { status: up ? 'up' : 'down' } });

function controllerWith(state: { primary: boolean; replica: boolean; redis: boolean }, shutdown = new ShutdownState()) {
  const dependencies = {
    databases: () => [async () => result('database:primary', state.primary), async () => result('database:replica-1', state.replica)],
    redisCheck: async () => result('redis', state.redis),
  } as unknown as DependencyHealthIndicators;
  return new HealthController(dependencies, shutdown);
}

describe('HealthController.ready', () => {
  it('is ready with everything up', async () => {
    await expect(controllerWith({ primary: true, replica: true, redis: true }).ready()).resolves.toMatchObject({ status: 'ok', degraded: [] });
  });

  it('stays ready, degraded, while some database still answers: the service degrades around the rest', async () => {
    await expect(controllerWith({ primary: false, replica: true, redis: false }).ready()).resolves.toMatchObject({
      status: 'ok',
      degraded: ['database:primary', 'redis'],
    });
    await expect(controllerWith({ primary: true, replica: false, redis: true }).ready()).resolves.toMatchObject({ degraded: ['database:replica-1'] });
  });

  it('is not ready when no database answers, listing every check', async () => {
    const refusal = await controllerWith({ primary: false, replica: false, redis: true })
      .ready()
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(503);
    expect((refusal as ProblemException).problem.extensions).toMatchObject({ checks: { redis: { status: 'up' }, 'database:primary': { status: 'down' } } });
  });

  it('is not ready once shutdown has begun', async () => {
    const shutdown = new ShutdownState();
    shutdown.begin();
    await expect(controllerWith({ primary: true, replica: true, redis: true }, shutdown).ready()).rejects.toMatchObject({
      problem: { detail: 'The service is shutting down' },
    });
  });
});
