import { Injectable } from '@nestjs/common';

/**
 * Said in this process right after a transaction that appended change events commits, so that whoever waits for
 * changes here (long polls, the webhook relay) looks at once instead of at its next poll. Commits on other instances
 * are found by those polls.
 */
@Injectable()
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  committed(): void {
    for (const listener of this.listeners) listener();
  }
}
