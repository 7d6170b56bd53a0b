/**
 * `npm run kb -- <command> [args]`: the knowledge-base command line. Each command is one module
 * in scripts/kb/commands/ exporting `run(args)`; this file only dispatches and prints help.
 */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  stats: { module: './kb/commands/stats.ts', summary: 'counts per type, share of records with sources and dates' },
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
  const mod = (await import(command.module)) as { run(args: string[]): Promise<number> };
  return mod.run(args);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kb: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
