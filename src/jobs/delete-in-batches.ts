/**
 * Calls `deleteBatch(batchSize)` until it deletes fewer rows than asked for (nothing left) or `signal` aborts.
 * Each call is its own short statement, so a large purge holds no long transaction and locks few rows at once.
 */
export async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>, batchSize: number, signal: AbortSignal): Promise<number> {
  let total = 0;
  while (!signal.aborted) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
