/**
 * `npm run kb -- <command> [args]`: the knowledge-base command line. Each command is one module
 * in scripts/kb/commands/ exporting `run(args)`; this file only dispatches and prints help.
 */
interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

// Register a command as: name: { summary: '…', load: () => import('./kb/commands/name.ts') },
const COMMANDS: Record<string, Command> = {
  'from-wikidata': { summary: 'stream a Wikidata JSON dump (.json/.gz/.bz2) into NDJSON pack records', load: () => import('./kb/commands/from-wikidata.ts') },
  countries: { summary: 'regenerate kb/sources/countries.generated.yaml (--check: is it up to date?)', load: () => import('./kb/commands/countries.ts') },
  synth: { summary: 'write a synthetic pack (--count 10000|100000|1000000 --out file.ndjson|.json)', load: () => import('./kb/commands/synth.ts') },
  stats: { summary: 'counts per type, share of records with sources and dated facts', load: () => import('./kb/commands/stats.ts') },
  build: { summary: 'readable sources → a feed folder (manifest + NDJSON snapshot), optionally signed', load: () => import('./kb/commands/build.ts') },
  diff: { summary: 'add the delta from an old feed folder to a new one', load: () => import('./kb/commands/diff.ts') },
  serve: { summary: 'serve a feed folder on 127.0.0.1 (ETag, gzip, Range, fault injection)', load: () => import('./kb/commands/serve.ts') },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    if (name && name !== 'help' && name !== '--help') console.error(`kb: unknown command "${name}"\n`);
    console.log('usage: npm run kb -- <command> [args]\n\ncommands:');
    for (const [key, c] of Object.entries(COMMANDS)) console.log(`  ${key.padEnd(14)} ${c.summary}`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  return (await command.load()).run(args);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kb: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
