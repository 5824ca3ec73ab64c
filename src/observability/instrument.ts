import { ConfigValidationError } from '../config/config-validation.error';
import { readEnvironment } from '../config/environment';
import { observabilityConfigFrom } from '../config/observability.config';
import { loadEnvFile } from './env-file';
import { startObservability } from './start-observability';

/*
 * Imported first by main.ts: instrumentation patches `http`, `pg` and `ioredis` as they are first required, so
 * it must be in place before the application's modules load. It reads the same environment bootstrap will,
 * `.env` included (loaded here first; bootstrap's later load changes nothing).
 */
loadEnvFile();
try {
  startObservability(observabilityConfigFrom(readEnvironment()));
} catch (error) {
  // Bootstrap validates the whole configuration next and exits 1 listing every problem, this one included.
  if (!(error instanceof ConfigValidationError)) throw error;
}
