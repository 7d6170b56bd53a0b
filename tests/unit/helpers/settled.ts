/**
 * Whether `promise` has settled after the pending reads and microtasks have run: for asserting
 * that a lookup is still WAITING (for a build held at a gate). A negative check needs some time
 * to pass; it cannot pass by luck, since a bug would settle the promise within it.
 */
export async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
  return done;
}
