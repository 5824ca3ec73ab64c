import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so readiness fails at once and the load balancer stops sending traffic. */
@Injectable()
export class ShutdownState {
  private readonly draining = new AbortController();

  begin(): void {
    this.draining.abort();
  }

  get isShuttingDown(): boolean {
    return this.draining.signal.aborted;
  }

  /** Aborts when shutdown begins: long waits (change-feed long polls) answer at once instead of holding the drain. */
  get signal(): AbortSignal {
    return this.draining.signal;
  }
}
