/**
 * Writes a synthetic Wikidata JSON dump (same shape as the real one: a JSON array, one entity per
 * line) for memory and speed tests of the converter. Deterministic for a given seed. About 60% of
 * the entities belong to the classes the tests choose (humans, cities, organisations, weapons),
 * with offices, qualifiers, ranks and sitelinks; the rest are of other classes.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { createPrng, type Prng } from '../prng';

const SYLLABLES = ['ka', 'lo', 'mi', 'ran', 'tel', 'vo', 'su', 'den', 'bar', 'zi', 'no', 'pet', 'ov', 'an', 'ish', 'gor'];
const CLASSES = ['Q5', 'Q5', 'Q5', 'Q515', 'Q43229', 'Q728', 'Q4167836', 'Q13442814', 'Q16521', 'Q3305213'];

function word(rng: Prng): string {
  const n = 2 + rng.int(2);
  let w = '';
  for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
  return w[0]!.toUpperCase() + w.slice(1);
}

const item = (property: string, q: number) => ({
  snaktype: 'value',
  property,
  datavalue: { value: { 'entity-type': 'item', 'numeric-id': q, id: `Q${q}` }, type: 'wikibase-entityid' },
  datatype: 'wikibase-item',
});
const time = (property: string, year: number, month: number, day: number) => ({
  snaktype: 'value',
  property,
  datavalue: {
    value: {
      time: `+${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`,
      timezone: 0,
      before: 0,
      after: 0,
      precision: 11,
      calendarmodel: 'http://www.wikidata.org/entity/Q1985727',
    },
    type: 'time',
  },
  datatype: 'time',
});

/** One synthetic entity as the dump's JSON text. */
export function syntheticEntity(rng: Prng, index: number): string {
  const qid = `Q${1_000_000 + index}`;
  const cls = rng.pick(CLASSES);
  const label = cls === 'Q5' ? `${word(rng)} ${word(rng)}` : `${word(rng)}${rng.chance(0.3) ? ` ${word(rng)}` : ''}`;
  const claims: Record<string, unknown[]> = {
    P31: [{ mainsnak: item('P31', Number(cls.slice(1))), type: 'statement', rank: 'normal', id: `${qid}$1` }],
    P17: [{ mainsnak: item('P17', 1_000_000 + rng.int(index + 1)), type: 'statement', rank: 'normal', id: `${qid}$2` }],
  };
  if (cls === 'Q5' && rng.chance(0.5)) {
    const start = 1950 + rng.int(70);
    claims.P39 = [
      {
        mainsnak: item('P39', 2_000_000 + rng.int(5000)),
        type: 'statement',
        rank: rng.chance(0.1) ? 'deprecated' : 'normal',
        qualifiers: { P580: [time('P580', start, 1 + rng.int(12), 1 + rng.int(28))], ...(rng.chance(0.5) && { P582: [time('P582', start + 4, 1 + rng.int(12), 1 + rng.int(28))] }) },
        id: `${qid}$3`,
      },
    ];
  }
  if (cls !== 'Q5') claims.P571 = [{ mainsnak: time('P571', 1800 + rng.int(220), 1 + rng.int(12), 1 + rng.int(28)), type: 'statement', rank: 'normal', id: `${qid}$4` }];
  const entity = {
    type: 'item',
    id: qid,
    labels: { en: { language: 'en', value: label }, de: { language: 'de', value: label } },
    descriptions: { en: { language: 'en', value: `synthetic ${cls} number ${index}` } },
    aliases: rng.chance(0.4) ? { en: [{ language: 'en', value: label.split(' ').pop()! }] } : {},
    claims,
    sitelinks: rng.chance(0.3) ? { enwiki: { site: 'enwiki', title: label, badges: [] } } : {},
    lastrevid: index,
    modified: '2025-05-01T00:00:00Z',
  };
  return JSON.stringify(entity);
}

/** Writes `count` entities to `path` (gzip when it ends in .gz), in flat memory. */
export async function writeSyntheticDump(path: string, count: number, seed = 42): Promise<void> {
  const rng = createPrng(seed);
  const file = createWriteStream(path);
  const gz = path.endsWith('.gz') ? createGzip({ level: 1 }) : undefined;
  if (gz) gz.pipe(file);
  const out = gz ?? file;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('[\n');
  for (let i = 0; i < count; i++) await write(syntheticEntity(rng, i) + (i < count - 1 ? ',\n' : '\n'));
  await write(']\n');
  out.end();
  await once(file, 'finish');
}
