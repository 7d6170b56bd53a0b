/**
 * Readers' corrections ("not an entity here", "this one instead"), stored as user data and
 * applied to the spotter's output the next time a page is read. A correction matches a mention
 * by the entity it was linked to and the words on the page (folded), on one site or everywhere.
 */
import type { CorrectionRequest, Mention } from '../shared/protocol';
import { foldPhrase } from '../shared/text-normalize';
import type { SpotIndex } from '../matcher/spot-mentions';
import type { CorrectionRow, KbDatabase } from './db/kb-database';

export async function addCorrection(db: KbDatabase, req: CorrectionRequest): Promise<void> {
  if (req.action === 'use-instead' && !req.replacementId) throw new Error('"use-instead" needs a replacement entity');
  const alias = foldPhrase(req.matched);
  await db.transaction('rw', db.corrections, async () => {
    // The latest decision about the same words and entity on the same site replaces earlier ones.
    await db.corrections
      .where('entityId')
      .equals(req.entityId)
      .filter((c) => c.alias === alias && c.site === req.site)
      .delete();
    await db.corrections.add({
      entityId: req.entityId,
      alias,
      action: req.action,
      replacementId: req.action === 'use-instead' ? req.replacementId : undefined,
      site: req.site,
      createdAt: new Date().toISOString(),
    });
  });
}

/** Drops or relinks the mentions that a correction covers. */
export function applyCorrections(
  mentions: readonly Mention[],
  corrections: readonly CorrectionRow[],
  site: string | undefined,
  index: Pick<SpotIndex, 'info'>,
): Mention[] {
  if (corrections.length === 0) return [...mentions];
  const out: Mention[] = [];
  for (const m of mentions) {
    if (m.entityId === null) {
      out.push(m); // unknown treaty names are not linked, so there is nothing to correct
      continue;
    }
    const words = foldPhrase(m.reason.matched);
    // A site-specific correction wins over one that applies everywhere.
    const applicable = corrections.filter(
      (c) => c.entityId === m.entityId && c.alias === words && (c.site === undefined || c.site === site),
    );
    const c = applicable.find((x) => x.site !== undefined) ?? applicable[0];
    if (!c) {
      out.push(m);
      continue;
    }
    if (c.action === 'not-an-entity') continue;
    const replacement = c.replacementId ? index.info(c.replacementId) : undefined;
    if (!c.replacementId || !replacement) {
      out.push(m); // the chosen entity left the KB: keep the spotter's answer
      continue;
    }
    out.push({
      ...m,
      entityId: c.replacementId,
      type: replacement.type,
      reason: { rule: 'user-correction', matched: m.reason.matched },
      alternatives: [m.entityId, ...m.alternatives.filter((a) => a !== c.replacementId)],
    });
  }
  return out;
}
