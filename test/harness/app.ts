import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { appConfigFrom } from '../../src/config/app.config';
import { readEnvironment } from '../../src/config/environment';
import { httpConfigFrom } from '../../src/config/http.config';
import { AppWithFixturesModule } from '../fixtures/fixtures.module';

/**
 * Boots the real application (plus fixture routes) in this process against the harness's PostgreSQL and
 * Redis, configured exactly as `main.ts` does. `env` overrides variables for this app only.
 */
export async function bootApp(options: { env?: Record<string, string>; module?: Type<unknown> } = {}): Promise<NestFastifyApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, options.env);
  try {
    const env = readEnvironment();
    const moduleRef = await Test.createTestingModule({ imports: [options.module ?? AppWithFixturesModule] }).compile();
    const config = appConfigFrom(env);
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(httpConfigFrom(env), config), { bufferLogs: true });
    await configureApp(app, { app: config });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } finally {
    process.env = saved;
  }
}
