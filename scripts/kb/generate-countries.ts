/**
 * Regenerates kb/sources/countries.generated.yaml: every UN member and observer state and the
 * territories news names often, with their capitals, from i18n-iso-countries (names and ISO
 * codes) joined with the hand-written table kb/country-data/countries.yaml. Records written by
 * hand in kb/sources win (see utils/kb-build/countries.ts). Commit the output after reviewing the
 * diff. Same as `npm run kb -- countries`.
 *
 * Usage: npx tsx scripts/kb/generate-countries.ts [--check]
 */
import { run } from './commands/countries';

process.exit(await run(process.argv.slice(2)));
