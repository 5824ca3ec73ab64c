import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BullmqHousekeeping } from './bullmq-housekeeping';
import { HousekeepingPlan } from './housekeeping-plan';
import { HousekeepingRunner } from './housekeeping-runner';
import { HousekeepingScheduler } from './housekeeping-scheduler';
import { HousekeepingRepository } from './housekeeping.repository';
import { InProcessHousekeeping } from './in-process-housekeeping';
import { PurgeAuditLogsJob } from './purge-audit-logs.job';
import { PurgeChangeEventsJob } from './purge-change-events.job';
import { PurgeIdempotencyKeysJob } from './purge-idempotency-keys.job';
import { PurgeRefreshTokensJob } from './purge-refresh-tokens.job';

/**
 * Background housekeeping: purges of ended sessions and spent refresh tokens, of expired Idempotency-Key records,
 * of change events past the feed's retention, and of audit rows past theirs. Whether it runs on BullMQ or on in-process timers is decided at boot from the Redis configuration.
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    HousekeepingRepository,
    PurgeRefreshTokensJob,
    PurgeAuditLogsJob,
    PurgeIdempotencyKeysJob,
    PurgeChangeEventsJob,
    HousekeepingPlan,
    HousekeepingRunner,
    BullmqHousekeeping,
    InProcessHousekeeping,
    HousekeepingScheduler,
  ],
})
export class JobsModule {}
