// Waiting for a condition in tests: poll it with a deadline, so that a busy machine only makes a test
// slower, never wrong. (A fixed sleep is only ever a quiet window after the awaited outcome, to check
// that nothing else happens: see settle() in ./node-red.)

/** Resolves once `check()` holds; rejects after `timeoutMs` saying what it waited for. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
