/**
 * Limits of the findMentions request, shared by the background's schema (protocol-schemas.ts),
 * which refuses a request over them, and the content script (utils/page/annotator.ts), which
 * splits its batches to stay under them. Zod-free: the content script must not bundle the validator.
 */

/** The longest block text one request may carry. */
export const MAX_BLOCK_CHARS = 200_000;
/** The most blocks one request may carry. */
export const MAX_BLOCKS_PER_REQUEST = 5_000;
