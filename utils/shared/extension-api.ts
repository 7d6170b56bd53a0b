/**
 * One area of the extension API (`runtime`, `storage`) without webextension-polyfill, for code
 * that runs on every page and must stay small: Firefox's promise-based `browser` first, Chrome's
 * `chrome` otherwise (promise-returning in MV3 for what that code calls).
 */
export function extensionApi<T>(area: 'runtime' | 'storage'): T {
  const scope = globalThis as { browser?: Partial<Record<typeof area, unknown>>; chrome?: Partial<Record<typeof area, unknown>> };
  const found = scope.browser?.[area] ?? scope.chrome?.[area];
  if (!found) throw new Error(`Newslens: no extension ${area} API in this context`);
  return found as T;
}
