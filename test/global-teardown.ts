import { rmSync } from 'node:fs';
import { killRecordedChildren } from './harness/child-processes';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__TEST_STACK__;
  if (!stack) return;
  stack.releaseSignals?.();
  await stack.redis?.stop();
  // Last resort: a worker that crashed, or was force-exited, had no chance to kill what it spawned.
  const killed = await killRecordedChildren(stack.dir);
  if (killed.length) process.stderr.write(`[test harness] global teardown killed ${killed.length} leftover process group(s): ${killed.join(', ')}\n`);
  stack.cluster?.stop();
  rmSync(stack.dir, { recursive: true, force: true });
}
