/**
 * Polls until probe() returns something other than undefined/false, for conditions no
 * event announces. Prefer awaiting an event or an AmiTestServer wait when there is one.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const { timeoutMs = 3000, intervalMs = 5, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
