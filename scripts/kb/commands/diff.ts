/**
 * `npm run kb -- diff <old-feed> <new-feed> --out <dir>`: adds the delta from the old feed's
 * version to the new one (changed records whole, removed ones as tombstones) to the feed in
 * <dir> (usually the new feed's folder), carrying over the old feed's deltas.
 *
 *   --key <pem>   re-sign the manifest (required when the feed is signed)
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { diffFeeds } from '../../../utils/feed-tools/feed-diff';
import { loadPrivateKey } from '../../../utils/feed-tools/feed-files';

export function run(args: string[]): Promise<number> {
  return Promise.resolve(runSync(args));
}

function runSync(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, key: { type: 'string' } },
  });
  const [oldDir, newDir] = positionals;
  if (!oldDir || !newDir) {
    console.error('usage: npm run kb -- diff <old-feed> <new-feed> --out <dir> [--key pem]');
    return 2;
  }
  const out = resolve(values.out ?? newDir);
  const key = values.key ? loadPrivateKey(resolve(values.key)) : undefined;
  const { delta, changed, removed, manifest } = diffFeeds(resolve(oldDir), resolve(newDir), out, key);
  console.log(
    `kb diff: ${delta.from} → ${delta.to}: ${changed} changed or added, ${removed} removed (${delta.bytes} bytes); ${manifest.deltas.length} delta(s) in ${out}`,
  );
  return 0;
}
