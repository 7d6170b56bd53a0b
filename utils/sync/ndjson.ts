/**
 * Splits a byte stream into NDJSON lines without holding more than one network chunk and one
 * partial line in memory. Each line is handed over as bytes (its digest is taken over exactly
 * these bytes) with the offset just after its newline, which is where a resumed download starts.
 */

export interface RawLine {
  bytes: Uint8Array;
  /** Offset, in the file, of the byte after this line's "\n". */
  end: number;
}

const NEWLINE = 0x0a;

/**
 * Yields complete lines. `start` is the file offset the stream begins at (a resumed download).
 * A last line without its newline is reported through `onTail` (the file was cut short) rather
 * than yielded. Empty lines are yielded too (the caller skips them, their bytes still count).
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  start: number,
  onTail?: (bytes: number) => void,
): AsyncGenerator<RawLine> {
  const reader = body.getReader();
  let pending: Uint8Array = new Uint8Array(0);
  let pendingStart = start;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let buf: Uint8Array;
      if (pending.length) {
        buf = new Uint8Array(pending.length + value.length);
        buf.set(pending);
        buf.set(value, pending.length);
      } else {
        buf = value;
      }
      let lineStart = 0;
      for (let i = buf.indexOf(NEWLINE); i >= 0; i = buf.indexOf(NEWLINE, i + 1)) {
        yield { bytes: buf.subarray(lineStart, i), end: pendingStart + i + 1 };
        lineStart = i + 1;
      }
      pendingStart += lineStart;
      // Copy the partial line out: `buf` may be a view on a buffer the stream reuses.
      pending = buf.slice(lineStart);
    }
    if (pending.length && onTail) onTail(pending.length);
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}
