import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { appConfigFrom } from '../../src/config/app.config';
import { assertValidConfiguration } from '../../src/config/configuration';
import { readEnvironment } from '../../src/config/environment';
import { httpConfigFrom } from '../../src/config/http.config';
import { AppWithFixturesModule } from '../fixtures/fixtures.module';

/**
 * Boots the real application (plus fixture routes) in this process against the harness's PostgreSQL and
 * Redis, configured exactly as `main.ts` does. `env` overrides variables for this app only. As in main.ts, the
 * configuration is checked before anything is created; when a later step fails, what was created is closed before
 * the error is thrown, since no caller holds an app to close then.
 */
export async function bootApp(options: { env?: Record<string, string>; module?: Type<unknown> } = {}): Promise<NestFastifyApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, options.env);
  let moduleRef: TestingModule | undefined;
  let app: NestFastifyApplication | undefined;
  try {
    assertValidConfiguration();
    const env = readEnvironment();
    moduleRef = await Test.createTestingModule({ imports: [options.module ?? AppWithFixturesModule] }).compile();
    const config = appConfigFrom(env);
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(httpConfigFrom(env), config), { bufferLogs: true });
    await configureApp(app, { app: config });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } catch (error) {
    await (app ?? moduleRef)?.close().catch(() => undefined);
    throw error;
  } finally {
    process.env = saved;
  }
}
