import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so readiness fails at once and the load balancer stops sending traffic. */
@Injectable()
export class ShutdownState {
  private draining = false;

  begin(): void {
    this.draining = true;
  }

  get isShuttingDown(): boolean {
    return this.draining;
  }
}
