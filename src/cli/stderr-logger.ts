import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's console logger writes warnings to stdout; a CLI keeps stdout for its one result line, so that
 * `id=$(… | jq -r .id)` works, and sends every log line to stderr.
 */
export class StderrLogger extends ConsoleLogger {
  constructor() {
    super({ logLevels: ['error', 'warn'], colors: Boolean(process.stderr.isTTY) });
  }

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
