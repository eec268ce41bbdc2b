/**
 * Runs `work` over `count` items with at most `concurrency` in flight, as a closed-loop load
 * generator does: each lane starts its next item when its last one answers.
 */
export async function runConcurrently<R>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    for (let index = next++; index < count; index = next++) results[index] = await work(index);
  });
  await Promise.all(lanes);
  return results;
}

/** Times one call in milliseconds, with the monotonic clock. */
export async function timed<R>(work: () => Promise<R>): Promise<{ ms: number; value: R }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
