import { Module } from '@nestjs/common';

/**
 * Error monitoring and tracing start before Nest, in `instrument.ts` (imported first by `main.ts`), because
 * they patch modules as those load; the problem filter reports 5xx and bootstrap flushes at shutdown through
 * `observability-runtime.ts`. Nothing here needs dependency injection.
 */
@Module({})
export class ObservabilityModule {}
