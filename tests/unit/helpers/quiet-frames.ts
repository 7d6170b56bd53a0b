/**
 * happy-dom loads no page into an iframe and says so on console.error for each one: cards on web
 * pages hold one (the notes frame, components/CardNotes.tsx). Call at the top of a test file that
 * renders them to keep that line out of the output; every other error still shows.
 */
// Node's own console: happy-dom was handed it before vitest put its own in globalThis.console.
import nodeConsole from 'node:console';
import { afterAll, beforeAll, vi } from 'vitest';

export function quietFrameLoading(): void {
  let restore: (() => void) | undefined;
  beforeAll(() => {
    const error = nodeConsole.error.bind(nodeConsole);
    const spy = vi.spyOn(nodeConsole, 'error').mockImplementation((...args: unknown[]) => {
      if (String(args[0]).includes('Iframe page loading is disabled')) return;
      error(...args);
    });
    restore = () => spy.mockRestore();
  });
  afterAll(() => restore?.());
}
