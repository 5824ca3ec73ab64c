import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../config/app.config';
import type { DatabaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './data-source-options';
import { DatabasePools } from './database-pools';
import { runMigrationsExclusively } from './migration-runner';
import { ReadRouter } from './read-router';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        ...buildDataSourceOptions(config.getOrThrow<DatabaseConfig>('database')),
        autoLoadEntities: true,
        // Fail the boot quickly instead of TypeORM's default of retrying for ~27 s.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
  providers: [DatabasePools, ReadRouter],
  exports: [DatabasePools, ReadRouter],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.app.migrationsRun) return;
    const applied = await runMigrationsExclusively(this.dataSource, this.logger);
    this.logger.log(applied ? `${applied} migration(s) applied` : 'Schema is up to date');
  }
}
