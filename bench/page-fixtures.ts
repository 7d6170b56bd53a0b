/**
 * What `npm run bench:page` runs on: a private build of the extension whose bundled pack is the
 * real default pack plus N synthetic entities (so the article's real names are marked while the
 * KB has the size under test), the keyword list mark.js gets (every name and alias in that pack),
 * and the pages: the ~1,500-word article (tests/fixtures/bench/article.html) and a 1 MB page made
 * of its paragraphs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { syntheticRecords } from '../utils/kb-build/synthetic-pack';
import type { EntityRecord, PackFile } from '../utils/shared/kb-schema';

export const REPO = resolve(import.meta.dirname, '..');
export const ARTICLE = join(REPO, 'tests/fixtures/bench/article.html');

/**
 * Builds the Chrome extension into `outDir` with the project's own wxt.config.ts, so that the
 * shared .output/ folder (rebuilt by others at any time) is neither read nor written.
 */
export function buildExtension(workDir: string): string {
  const config = join(workDir, 'wxt.bench.config.ts');
  const outDir = join(workDir, 'build');
  writeFileSync(
    config,
    `import base from ${JSON.stringify(join(REPO, 'wxt.config.ts'))};\nexport default { ...base, outDir: ${JSON.stringify(outDir)} };\n`,
  );
  const run = spawnSync('npx', ['wxt', 'build', '-c', config], { cwd: REPO, encoding: 'utf8' });
  const dir = join(outDir, 'chrome-mv3');
  if (run.status !== 0 || !existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`wxt build failed:\n${run.stdout}\n${run.stderr}`);
  }
  return dir;
}

export interface BenchPack {
  extensionDir: string;
  entityCount: number;
  /** Every name and alias text in the pack, deduplicated: what mark.js is asked to find. */
  keywords: string[];
  /** How many of `keywords` (the first ones) come from the real pack. */
  realKeywords: number;
  packBytes: number;
}

/**
 * Copies a build and replaces its bundled pack with the real pack plus `synthetic` synthetic
 * records, under a new version (so the background imports it on install).
 */
export function withBenchPack(buildDir: string, workDir: string, synthetic: number): BenchPack {
  const dir = join(workDir, `extension-${synthetic}`);
  cpSync(buildDir, dir, { recursive: true });
  const packPath = join(dir, 'kb/default-pack.json');
  const real = JSON.parse(readFileSync(packPath, 'utf8')) as PackFile;
  const keywords = new Set<string>();
  const add = (r: Pick<EntityRecord, 'name' | 'aliases'>) => {
    keywords.add(r.name);
    for (const a of r.aliases ?? []) keywords.add(a.text);
  };
  for (const r of real.entities as EntityRecord[]) add(r);
  const realKeywords = keywords.size;
  // Written piecewise: 100k records are tens of MB of JSON.
  const parts: string[] = [];
  for (const r of real.entities) parts.push(JSON.stringify(r));
  for (const r of syntheticRecords(synthetic)) {
    add(r);
    parts.push(JSON.stringify(r));
  }
  const header = JSON.stringify({ ...real, version: `${real.version}+bench-${synthetic}`, title: `${real.title} + ${synthetic} synthetic`, entities: [] });
  const json = `${header.slice(0, -2)}\n${parts.join(',\n')}\n]}`;
  writeFileSync(packPath, json);
  return { extensionDir: dir, entityCount: parts.length, keywords: [...keywords], realKeywords, packBytes: Buffer.byteLength(json) };
}

/** The article's paragraphs, repeated (with fresh ids) until the page holds `bytes` of text. */
export function longPage(bytes: number): { html: string; textBytes: number; paragraphs: number } {
  const article = readFileSync(ARTICLE, 'utf8');
  const paragraphs = [...article.matchAll(/<p id="p\d+">([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
  const out: string[] = [];
  let textBytes = 0;
  for (let i = 0; textBytes < bytes; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    out.push(`<p id="q${i}">${p}</p>`);
    textBytes += Buffer.byteLength(p);
  }
  const head = article.slice(0, article.indexOf('<body>'));
  const html = `${head}<body>\n<main><article id="story"><h1>One megabyte of news</h1>\n${out.join('\n')}\n</article></main>\n</body>\n</html>\n`;
  return { html, textBytes, paragraphs: out.length };
}
