/**
 * `npm run kb -- <command> [args]`: the knowledge-base command line. Each command is one module
 * in scripts/kb/commands/ exporting `run(args)`; this file only dispatches and prints help.
 */
interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

// Register a command as: name: { summary: '…', load: () => import('./kb/commands/name.ts') },
const COMMANDS: Record<string, Command> = {};

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
