/**
 * `npm run kb -- countries [--check]`: regenerates kb/sources/countries.generated.yaml from
 * i18n-iso-countries and kb/country-data/countries.yaml (see utils/kb-build/countries.ts for the
 * merge rule with hand-written records). `--check` exits 1 if the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderCountries } from '../../../utils/kb-build/render-countries';

export function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { check: { type: 'boolean', default: false } } });
  const root = resolve(import.meta.dirname, '../../..');
  const outFile = join(root, 'kb/sources/countries.generated.yaml');
  const { text, records, skipped } = renderCountries(root);
  if (values.check) {
    if (readFileSync(outFile, 'utf8') !== text) {
      console.error('kb: countries.generated.yaml is out of date; run npm run kb -- countries');
      return Promise.resolve(1);
    }
    console.log('kb: countries.generated.yaml is up to date');
    return Promise.resolve(0);
  }
  writeFileSync(outFile, text);
  const countries = records.filter((r) => r.type === 'country').length;
  console.log(`kb: wrote ${records.length} records (${countries} countries and states, ${records.length - countries} capitals and territories) to ${outFile}`);
  console.log(`kb: left to the hand-written records: ${skipped.map((s) => s.id).join(', ')}`);
  return Promise.resolve(0);
}
