import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined or false, and returns that value.
 * A probe that throws is tried again (its error is reported if time runs out), unless `stopOn` says the error is final.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  {
    timeoutMs = 15_000,
    intervalMs = 100,
    what = 'condition',
    stopOn,
  }: { timeoutMs?: number; intervalMs?: number; what?: string; stopOn?: (error: unknown) => boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (stopOn?.(error)) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
}
