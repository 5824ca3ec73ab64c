import { Global, Module } from '@nestjs/common';
import { ChangeEventsRepository } from './change-events.repository';
import { ChangeFeedController } from './change-feed.controller';
import { ChangeFeedService } from './change-feed.service';
import { ChangeSignal } from './change-signal';
import { ChangeWatcher } from './change-watcher';
import { UnitOfWork } from './unit-of-work';

/** The one write path (`UnitOfWork`), the change events it appends, and the feed that serves them. */
@Global()
@Module({
  controllers: [ChangeFeedController],
  providers: [ChangeEventsRepository, ChangeFeedService, ChangeSignal, ChangeWatcher, UnitOfWork],
  exports: [UnitOfWork, ChangeEventsRepository, ChangeSignal],
})
export class ChangesModule {}
