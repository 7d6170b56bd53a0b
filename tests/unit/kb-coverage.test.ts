// What the default pack promises a reader of international news: the coverage targets,
// the "must include" items, and the dating rules for offices (kb/README.md).
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { loadSources } from '../../utils/kb-build/load-sources';
import { countByType } from '../../utils/kb-build/write-pack';

const root = resolve(__dirname, '../..');
const { records } = loadSources({ sourcesDir: resolve(root, 'kb/sources'), treatyTextsDir: resolve(root, 'kb/treaty-texts') });
const byId = new Map(records.map((r) => [r.id, r]));
const counts = countByType(records);

/** Date up to which current offices were checked (Lee Jae-myung's inauguration is the one later fact). */
const KNOWLEDGE_CUT_OFF = '2025-06-04';
const OFFICIAL_TEXTS = new Set(['un-charter', 'north-atlantic-treaty', 'npt', 'genocide-convention']);

describe('coverage targets', () => {
  it('reaches the issue\'s sizes: ~120 organisations, ~80 treaties, ~120 weapons and terms, ~40 events', () => {
    expect(counts.organization).toBeGreaterThanOrEqual(120);
    expect(counts.treaty).toBeGreaterThanOrEqual(80);
    expect((counts.weapon ?? 0) + (counts.term ?? 0)).toBeGreaterThanOrEqual(120);
    expect(counts.event).toBeGreaterThanOrEqual(40);
  });

  it.each([
    'russia-dprk-comprehensive-strategic-partnership-treaty', 'us-rok-mutual-defense-treaty', 'us-japan-security-treaty',
    'korean-armistice-agreement', 'rome-statute', 'geneva-conventions', 'inf-treaty', 'ctbt', 'chemical-weapons-convention',
    'paris-agreement', 'new-start', 'budapest-memorandum', 'minsk-ii', 'jcpoa',
  ])('includes the treaty %s', (id) => {
    expect(byId.get(id)?.type).toBe('treaty');
  });

  it.each([
    'united-nations', 'nato', 'european-union', 'european-commission', 'european-council', 'african-union', 'asean', 'opec',
    'iaea', 'world-health-organization', 'international-criminal-court', 'international-court-of-justice', 'brics',
    'shanghai-cooperation-organisation', 'csto', 'g7', 'g20', 'us-department-of-defense', 'presidential-administration-of-russia',
    'russian-foreign-ministry', 'kcna', 'tass', 'xinhua', 'yonhap', 'ria-novosti', 'associated-press', 'reuters',
    'agence-france-presse', 'ipsos', 'gallup', 'yougov', 'pew-research-center', 'aukus',
  ])('includes the organisation %s', (id) => {
    expect(byId.get(id)?.type).toBe('organization');
  });

  it('the Kremlin and the Pentagon are aliases of the institutions they stand for', () => {
    const has = (id: string, text: string) => byId.get(id)!.aliases.some((a) => a.text === text);
    expect(has('presidential-administration-of-russia', 'Kremlin')).toBe(true);
    expect(has('us-department-of-defense', 'Pentagon')).toBe(true);
  });

  it.each([
    ['secretary-general of the UN', 'antonio-guterres'],
    ['NATO secretary general', 'mark-rutte'],
    ['European Commission president', 'ursula-von-der-leyen'],
    ['European Council president', 'antonio-costa'],
    ['IAEA director general', 'rafael-grossi'],
    ['WHO director-general', 'tedros-adhanom-ghebreyesus'],
    ['ICC prosecutor', 'karim-khan'],
  ])('has the %s (%s) with a dated office', (_what, id) => {
    const office = byId.get(id)?.facts.find((f) => f.label === 'Office');
    expect(office?.from, id).toBeTruthy();
  });
});

describe('heads of state and government', () => {
  const g20 = records.filter((r) => r.type === 'country' && r.relations.some((rel) => rel.type === 'member-of' && rel.target === 'g20'));

  it('every G20 country names its head of state or government, with the date they took office', () => {
    expect(g20.map((r) => r.id).sort()).toHaveLength(19);
    for (const c of g20) {
      const heads = c.facts.filter((f) => /^(Head of|Leader|Supreme Leader)/.test(f.label));
      expect(heads.length, c.id).toBeGreaterThan(0);
      for (const h of heads) {
        expect(h.from, `${c.id}: ${h.label}`).toBeTruthy();
        if (h.valueId) expect(byId.get(h.valueId)?.type, `${c.id} → ${h.valueId}`).toBe('person');
      }
    }
  });
});

describe('dating rules', () => {
  const facts = records.flatMap((r) => r.facts.map((f) => ({ id: r.id, ...f })));

  it('a past office has its end date; a current one its start date', () => {
    for (const f of facts.filter((x) => x.label === 'Earlier office')) expect(f.to, `${f.id}: ${f.value}`).toBeTruthy();
    for (const f of facts.filter((x) => x.label === 'Office')) expect(f.from, `${f.id}: ${f.value}`).toBeTruthy();
  });

  it('no fact claims to be known beyond the knowledge cut-off, except codes read from the package today', () => {
    for (const f of facts) {
      if (f.label === 'ISO 3166-1 codes') continue;
      expect(f.asOf <= KNOWLEDGE_CUT_OFF, `${f.id}: ${f.label} asOf ${f.asOf}`).toBe(true);
      if (f.from) expect(f.from <= KNOWLEDGE_CUT_OFF, `${f.id}: ${f.label} from ${f.from}`).toBe(true);
    }
  });

  it('treaty articles are official only where the official text is in kb/treaty-texts; the rest are summaries', () => {
    for (const r of records.filter((x) => x.treaty)) {
      for (const a of r.treaty!.articles) {
        if (a.kind === 'official') expect(OFFICIAL_TEXTS.has(r.id), `${r.id} ${a.number}`).toBe(true);
      }
    }
    const summaries = records.flatMap((r) => r.treaty?.articles.filter((a) => a.kind === 'summary') ?? []);
    expect(summaries.length).toBeGreaterThan(30);
  });

  it('every treaty that is not in force says why', () => {
    for (const r of records.filter((x) => x.treaty && x.treaty.status !== 'in-force')) {
      expect(r.treaty!.statusNote, r.id).toBeTruthy();
    }
  });
});
