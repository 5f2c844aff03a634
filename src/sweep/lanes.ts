/**
 * Works through `items`, `concurrency` at a time (at least one lane, never more lanes than
 * items). After the first failure no new item starts; the ones in flight finish, then the first
 * error is thrown. The sweep's jobs and the population's files both run this way.
 */
export async function inLanes<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}
