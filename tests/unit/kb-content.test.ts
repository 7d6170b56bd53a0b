// The default knowledge-base pack: every source record is valid, consistent, and covers every
// mention of the seed article (shared/reference/seed-mentions.md) on the right entity.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { loadSources } from '../../utils/kb-build/load-sources';
import { checkIntegrity, findAliasCollisions } from '../../utils/kb-build/check-integrity';
import { normalizeAlias } from '../../utils/kb-build/normalize-alias';
import { buildPack, packVersion } from '../../utils/kb-build/write-pack';
import { EntityRecord, PackFile, type EntityRecordInput } from '../../utils/shared/kb-schema';

const root = resolve(__dirname, '../..');
const loaded = loadSources({
  sourcesDir: resolve(root, 'kb/sources'),
  treatyTextsDir: resolve(root, 'kb/treaty-texts'),
});
const records = loaded.records;
const byId = new Map(records.map((r) => [r.id, r]));

/** Minimal valid record for the integrity-check unit tests. */
function record(input: Partial<EntityRecordInput> & { id: string }): EntityRecord {
  return EntityRecord.parse({
    type: 'term',
    name: input.id,
    description: 'test record',
    sources: [{ title: 'test' }],
    checked: '2026-11-29',
    ...input,
  });
}

/** Does `text`, written exactly so in an article, match an alias of `id` (case rules applied)? */
function hasAlias(id: string, text: string): boolean {
  const r = byId.get(id);
  if (!r) return false;
  return r.aliases.some((a) =>
    a.caseSensitive
      ? normalizeAlias(a.text) === normalizeAlias(text) && a.text.replace(/[-\s]+/g, ' ') === text.replace(/[-\s]+/g, ' ')
      : normalizeAlias(a.text) === normalizeAlias(text),
  );
}

describe('kb sources', () => {
  it('every record passes the schema', () => {
    expect(loaded.errors).toEqual([]);
    expect(records.length).toBeGreaterThan(100);
  });

  it('ids are unique and every relation, fact value and treaty party resolves', () => {
    expect(checkIntegrity(records)).toEqual([]);
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('no normalised alias is claimed by two entities without needsContext', () => {
    expect(findAliasCollisions(records)).toEqual([]);
  });

  it('every record is sourced and checked, and offices carry dates', () => {
    for (const r of records) {
      expect(r.sources.length, r.id).toBeGreaterThan(0);
      expect(r.checked, r.id).toBe('2026-11-29');
      for (const f of r.facts) {
        if (/office|secretary|minister|leader|head/i.test(f.label)) expect(f.from ?? f.to, `${r.id}: ${f.label}`).toBeTruthy();
      }
    }
  });

  it('the built pack matches the PackFile format with a content-derived version', () => {
    const pack = buildPack(records, { generated: new Date('2026-11-29T00:00:00Z') });
    expect(PackFile.safeParse(pack).success).toBe(true);
    expect(pack.version).toMatch(/^2026\.11\.29-[0-9a-f]{8}$/);
    expect(packVersion([...records].reverse())).toBe(pack.version);
  });
});

describe('integrity check', () => {
  it('flags duplicate ids, dangling relations and undated offices', () => {
    const problems = checkIntegrity([
      record({ id: 'a', relations: [{ type: 'related', target: 'missing' }] }),
      record({ id: 'a' }),
      record({
        id: 'b',
        facts: [{ label: 'Office', value: 'President', asOf: '2025', source: { title: 't' } }],
      }),
      record({ id: 'c', type: 'treaty', treaty: { status: 'in-force', parties: ['nowhere'] } }),
    ]).map((p) => p.message);
    expect(problems.some((m) => m.includes('id used by 2'))).toBe(true);
    expect(problems.some((m) => m.includes('"missing"'))).toBe(true);
    expect(problems.some((m) => m.includes('no from/to date'))).toBe(true);
    expect(problems.some((m) => m.includes('"nowhere"'))).toBe(true);
  });

  it('flags an alias shared by two entities unless it needs context', () => {
    const clash = findAliasCollisions([
      record({ id: 'un', aliases: [{ text: 'U.N.' }] }),
      record({ id: 'other', aliases: [{ text: 'un' }] }),
    ]);
    expect(clash).toHaveLength(1);
    expect(clash[0]!.ids).toEqual(['other', 'un']);
    const ok = findAliasCollisions([
      record({ id: 'x', aliases: [{ text: 'mutual defense treaty', needsContext: true }] }),
      record({ id: 'y', aliases: [{ text: 'Mutual Defence Treaty', needsContext: true }] }),
      record({ id: 'z', aliases: [{ text: 'US', caseSensitive: true }] }),
      record({ id: 'w', aliases: [{ text: 'Us', caseSensitive: true }] }),
    ]);
    expect(ok).toEqual([]);
  });

  it('normalises aliases: case, diacritics, dots, hyphens and spaces', () => {
    expect(normalizeAlias('U.N.')).toBe(normalizeAlias('UN'));
    expect(normalizeAlias('Kim Jong-un')).toBe(normalizeAlias('Kim  Jong Un'));
    expect(normalizeAlias('Erdoğan')).toBe('erdogan');
    expect(normalizeAlias('Ｒｕｓｓｉａ')).toBe('russia');
    expect(normalizeAlias('155-mm')).toBe(normalizeAlias('155 mm'));
  });
});

/** Every mention of the seed article, as written, and the entity it must link to. */
const SEED_MENTIONS: [text: string, id: string][] = [
  ['Vladimir Putin', 'vladimir-putin'],
  ['Putin', 'vladimir-putin'],
  ['Kim Jong Un', 'kim-jong-un'],
  ['Maria Zakharova', 'maria-zakharova'],
  ['Russia', 'russia'],
  ['Russian', 'russia'],
  ['Moscow', 'moscow'],
  ['South Korea', 'south-korea'],
  ['South Koreans', 'south-korea'],
  ['Seoul', 'seoul'],
  ['North Korea', 'north-korea'],
  ['Pyongyang', 'pyongyang'],
  ['Ukraine', 'ukraine'],
  ['Vietnam', 'vietnam'],
  ['Poland', 'poland'],
  ['Germany', 'germany'],
  ['Japan', 'japan'],
  ['US', 'united-states'],
  ['U.S.', 'united-states'],
  ['Washington', 'washington-dc'],
  ['Kherson', 'kherson'],
  ['Korean Central News Agency', 'kcna'],
  ['KCNA', 'kcna'],
  ['United Nations', 'united-nations'],
  ['U.N.', 'united-nations'],
  ['Russian Foreign Ministry', 'russian-foreign-ministry'],
  ['Office of the President of Russia', 'presidential-administration-of-russia'],
  ['Ipsos', 'ipsos'],
  ['United Nations Charter', 'un-charter'],
  ['U.N. Charter', 'un-charter'],
  ['mutual defense treaty', 'russia-dprk-comprehensive-strategic-partnership-treaty'],
  ['mutual defense treaty', 'us-rok-mutual-defense-treaty'],
  ['HIMARS', 'm142-himars'],
  ['Patriot missiles', 'mim-104-patriot'],
  ['155mm', 'calibre-155mm'],
  ['K2 Black Panther', 'k2-black-panther'],
  ['K9 Thunder', 'k9-thunder'],
  ['K239 Chunmoo', 'k239-chunmoo'],
  ['the war in Ukraine', 'russian-invasion-of-ukraine'],
  ['Cold War', 'cold-war'],
];

/** Wikidata ids the seed list gives "for linking and provenance". */
const SEED_WIKIDATA: Record<string, string> = {
  'vladimir-putin': 'Q7747',
  'kim-jong-un': 'Q56226',
  russia: 'Q159',
  moscow: 'Q649',
  'south-korea': 'Q884',
  seoul: 'Q8684',
  'north-korea': 'Q423',
  pyongyang: 'Q18808',
  ukraine: 'Q212',
  vietnam: 'Q881',
  poland: 'Q36',
  germany: 'Q183',
  japan: 'Q17',
  'united-states': 'Q30',
  'united-nations': 'Q1065',
  'un-charter': 'Q171328',
  'russian-invasion-of-ukraine': 'Q110999040',
  'cold-war': 'Q8683',
};

describe('seed article coverage', () => {
  it.each(SEED_MENTIONS)('"%s" is an alias of %s', (text, id) => {
    expect(byId.has(id), `missing record ${id}`).toBe(true);
    expect(hasAlias(id, text)).toBe(true);
  });

  it.each(Object.entries(SEED_WIKIDATA))('%s links to Wikidata %s', (id, qid) => {
    expect(byId.get(id)?.links.wikidata).toBe(qid);
  });

  it('generic and ambiguous aliases need context', () => {
    const alias = (id: string, text: string) => byId.get(id)?.aliases.find((a) => a.text === text);
    expect(alias('mim-104-patriot', 'Patriot')).toMatchObject({ caseSensitive: true, needsContext: true });
    expect(alias('washington-dc', 'Washington')).toMatchObject({ needsContext: true });
    expect(alias('united-states', 'US')).toMatchObject({ caseSensitive: true });
    expect(alias('russia-dprk-comprehensive-strategic-partnership-treaty', 'mutual defense treaty')?.needsContext).toBe(true);
    expect(alias('us-rok-mutual-defense-treaty', 'mutual defense treaty')?.needsContext).toBe(true);
  });

  it('capitals point at their country', () => {
    for (const [city, country] of [
      ['moscow', 'russia'],
      ['seoul', 'south-korea'],
      ['pyongyang', 'north-korea'],
      ['washington-dc', 'united-states'],
    ] as const) {
      expect(byId.get(city)?.relations).toContainEqual(expect.objectContaining({ type: 'capital-of', target: country }));
    }
  });

  it('the Russia–DPRK treaty carries its dates and an Article 4 summary', () => {
    const t = byId.get('russia-dprk-comprehensive-strategic-partnership-treaty')!.treaty!;
    expect(t.signed).toBe('2024-06-19');
    expect(t.parties.sort()).toEqual(['north-korea', 'russia']);
    expect(t.articles).toContainEqual(expect.objectContaining({ number: '4', kind: 'summary' }));
    const rok = byId.get('us-rok-mutual-defense-treaty')!.treaty!;
    expect([rok.signed, rok.inForce]).toEqual(['1953-10-01', '1954-11-17']);
  });
});

describe('official treaty texts in the pack', () => {
  const numbers = (id: string) => byId.get(id)!.treaty!.articles.filter((a) => a.kind === 'official').map((a) => a.number);
  const roman = (n: number) =>
    ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX'][n]!;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('UN Charter has Articles 1–111, each once, and Article 51 reads as the official text', () => {
    expect(numbers('un-charter')).toEqual(range(111).map(String));
    const a51 = byId.get('un-charter')!.treaty!.articles.find((a) => a.number === '51')!;
    expect(a51.text.startsWith(
      'Nothing in the present Charter shall impair the inherent right of individual or collective self-defence',
    )).toBe(true);
    expect(a51.chapter).toMatch(/^Chapter VII\b/);
  });

  it('North Atlantic Treaty 1–14, NPT I–XI, Genocide Convention I–XIX', () => {
    expect(numbers('north-atlantic-treaty')).toEqual(range(14).map(String));
    expect(numbers('npt')).toEqual(range(11).map(roman));
    expect(numbers('genocide-convention')).toEqual(range(19).map(roman));
  });

  it('no article keeps a conversion flaw', () => {
    for (const id of ['un-charter', 'north-atlantic-treaty', 'npt', 'genocide-convention']) {
      for (const a of byId.get(id)!.treaty!.articles) {
        expect(a.text, `${id} ${a.number}`).not.toMatch(/\bbij\b|selfdefen|determinedto|\]\(|<meta|\b\d+\.[A-Z]|[a-z][.,;][A-Z]/);
      }
    }
  });
});
