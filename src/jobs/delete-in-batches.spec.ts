import { deleteInBatches } from './delete-in-batches';

describe(deleteInBatches.name, () => {
  it('deletes batch after batch until one comes back short', async () => {
    const remaining = [3, 3, 1];
    const deleteBatch = jest.fn(async () => remaining.shift() ?? 0);
    expect(await deleteInBatches(deleteBatch, 3, new AbortController().signal)).toBe(7);
    expect(deleteBatch.mock.calls).toEqual([[3], [3], [3]]);
  });

  it('asks once more after an exactly full last batch, and stops at an empty one', async () => {
    const remaining = [2, 2];
    const deleteBatch = jest.fn(async () => remaining.shift() ?? 0);
    expect(await deleteInBatches(deleteBatch, 2, new AbortController().signal)).toBe(4);
    expect(deleteBatch).toHaveBeenCalledTimes(3);
  });

  it('stops between batches once the signal aborts', async () => {
    const shutdown = new AbortController();
    const deleteBatch = jest.fn(async () => {
      shutdown.abort();
      return 5;
    });
    expect(await deleteInBatches(deleteBatch, 5, shutdown.signal)).toBe(5);
    expect(deleteBatch).toHaveBeenCalledTimes(1);
    expect(await deleteInBatches(deleteBatch, 5, shutdown.signal)).toBe(0);
  });
});
