import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, type AppConfig } from '../../config/app.config';
import { createLoggers, type Loggers } from './pino-options';

export const LOGGERS = Symbol('Loggers');

/** The process's loggers (see {@link createLoggers}), for nestjs-pino and the edge's access line. */
@Global()
@Module({
  providers: [{ provide: LOGGERS, inject: [appConfig.KEY], useFactory: (app: AppConfig) => createLoggers(app) }],
  exports: [LOGGERS],
})
class LoggersModule {}

/**
 * nestjs-pino's `Logger` for Nest and the app, over our application logger. No pino-http middleware: the
 * request id comes from the request's async context (see pino-options.ts), and the edge writes the access line
 * (edge/access-log.ts). So no middleware layer (middie) runs on any request.
 */
@Module({
  imports: [
    LoggersModule,
    LoggerModule.forRootAsync({
      imports: [LoggersModule],
      inject: [LOGGERS],
      useFactory: (loggers: Loggers) => ({ pinoHttp: { logger: loggers.app }, useExisting: true, forRoutes: [] }),
    }),
  ],
})
export class LoggingModule implements OnApplicationShutdown {
  constructor(@Inject(LOGGERS) private readonly loggers: Loggers) {}

  onApplicationShutdown(): void {
    this.loggers.flush();
  }
}
