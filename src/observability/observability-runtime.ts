/** What the problem filter knows about a failed request; nothing else about the caller leaves the process. */
export interface ServerErrorContext {
  status: number;
  method: string;
  requestId: string;
  /** The matched route template (`/api/v1/products/:idOrSlug`), never the raw URL. */
  route?: string;
  userId?: string;
}

export type ServerErrorReporter = (error: unknown, context: ServerErrorContext) => void;
type Stopper = (timeoutMs: number) => Promise<unknown>;

/** Bounds the flush at shutdown so an unreachable collector or Sentry cannot hold the process. */
export const OBSERVABILITY_FLUSH_TIMEOUT_MS = 2_000;

let reporter: ServerErrorReporter | undefined;
let tracerProviderRegistered = false;
const stoppers: Stopper[] = [];

/** Whether an OpenTelemetry SDK was registered in this process (ours, or Sentry's own), so spans can be active. */
export function hasTracerProvider(): boolean {
  return tracerProviderRegistered;
}

export function markTracerProviderRegistered(): void {
  tracerProviderRegistered = true;
}

/**
 * Reports a 5xx to error monitoring. Without a DSN nothing was registered and this is one `undefined` check:
 * the Sentry SDK is never loaded.
 */
export function captureServerError(error: unknown, context: ServerErrorContext): void {
  reporter?.(error, context);
}

export function useServerErrorReporter(next: ServerErrorReporter): void {
  reporter = next;
}

/** Stoppers run in registration order, so span processors that feed Sentry are flushed before Sentry. */
export function onObservabilityShutdown(stop: Stopper): void {
  stoppers.push(stop);
}

/** Sends what is buffered (events, spans) and stops; resolves within `timeoutMs` whatever the receivers do. */
export async function shutdownObservability(timeoutMs = OBSERVABILITY_FLUSH_TIMEOUT_MS): Promise<void> {
  if (!stoppers.length) return;
  const pending = stoppers.splice(0);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  const stopAll = (async () => {
    for (const stop of pending) await stop(timeoutMs).catch(() => undefined);
  })();
  await Promise.race([stopAll, deadline]);
  clearTimeout(timer);
}
