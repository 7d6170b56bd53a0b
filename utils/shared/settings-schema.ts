/**
 * The settings schema: validates every change the background is asked to store. The type is
 * inferred here and used everywhere; only the background bundles the validator.
 */
import { z } from 'zod';
import { EntityType } from './kb-schema';

export const Settings = z.object({
  enabled: z.boolean(),
  /** Hostnames where the user switched Newslens off. */
  disabledSites: z.array(z.string().max(253)).max(10_000),
  types: z.array(EntityType),
  markStyle: z.enum(['underline', 'background']),
  /** Mark every mention, or only the first mention of each entity on a page. */
  density: z.enum(['every', 'first']),
  /** Wait this long with the pointer on a mark before the card opens. */
  hoverDelayMs: z.number().int().min(0).max(2000),
});
export type Settings = z.infer<typeof Settings>;

/** Validates a patch from a message and merges it: invalid fields are rejected, not stored. */
export function mergeSettings(current: Settings, patch: unknown): Settings {
  return Settings.parse({ ...current, ...Settings.partial().strict().parse(patch) });
}
