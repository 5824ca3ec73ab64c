import { Global, Module } from '@nestjs/common';
import { EdgePolicy } from './edge-policy';

/** The edge's policy (see edge-policy.ts); request-pipeline.ts installs it with the other steps. */
@Global()
@Module({ providers: [EdgePolicy], exports: [EdgePolicy] })
export class EdgeModule {}
