/**
 * `npm start`: builds Newslens, serves the fixture pages on 127.0.0.1 and opens the demo article
 * in Chromium with the extension loaded.
 *
 * - With a display (DISPLAY or WAYLAND_DISPLAY) a browser window opens and stays until you close it.
 * - With --headless, or without a display, it marks the page, opens the card of
 *   "Article 51 of the United Nations Charter", saves a screenshot and lists what was marked.
 *
 * Usage: npm start -- [--no-build] [--headless] [--screenshot <path>] [--page <fixture.html>]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ArticlePage, type PageMark } from '../tests/e2e/support/article-page';
import { EXTENSION_DIR, REPO_ROOT, launchExtension } from '../tests/e2e/support/launch';
import { startStaticServer } from '../tests/e2e/support/static-server';

const USAGE = `Usage: npm start -- [options]

  --no-build            use the existing build in ${relative(REPO_ROOT, EXTENSION_DIR)}
  --headless            no window: mark the page, open a card, save a screenshot, list the marks, exit
  --screenshot <path>   where the headless run saves its screenshot (default .output/newslens-demo.png)
  --page <file>         fixture page to open (default demo-article.html; see tests/fixtures/pages)
  -h, --help            this text`;

/** The mention whose card the headless run opens for its screenshot, and a fallback. */
const CARD_TO_SHOW = ['Article 51 of the United Nations Charter', 'Vladimir Putin'];

interface Options {
  build: boolean;
  headless: boolean;
  screenshot: string;
  page: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    build: true,
    headless: false,
    screenshot: resolve(REPO_ROOT, '.output/newslens-demo.png'),
    page: 'demo-article.html',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (!next || next.startsWith('--')) fail(`${arg} needs a value`);
      return next;
    };
    if (arg === '--no-build') options.build = false;
    else if (arg === '--headless') options.headless = true;
    else if (arg === '--screenshot') options.screenshot = resolve(value());
    else if (arg === '--page') options.page = value();
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  return options;
}

function fail(message: string): never {
  console.error(`start: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function build(): void {
  console.log('Building Newslens (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('start: the build failed; fix it or run with --no-build to use the last build.');
    process.exit(result.status ?? 1);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = options.headless || !hasDisplay;
  if (!options.headless && !hasDisplay) {
    console.log('No display (DISPLAY and WAYLAND_DISPLAY are unset): running headless and saving a screenshot instead.');
  }
  if (options.build) build();

  const server = await startStaticServer();
  const extension = await launchExtension({ headless, viewport: headless ? { width: 1280, height: 900 } : null });
  const shutdown = async () => {
    await extension.close().catch(() => {});
    await server.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));

  const url = `${server.url}/${options.page}`;
  const page = extension.context.pages()[0] ?? (await extension.context.newPage());
  const article = await new ArticlePage(page).open(url);
  console.log(`Newslens ${extension.extensionId} is running on ${url}`);

  if (!headless) {
    console.log('Hover a marked name to see its card. Close the browser window to stop.');
    await new Promise<void>((done) => extension.context.once('close', () => done()));
    await server.close();
    return;
  }

  try {
    await article.waitForMarks(1);
    await showOneCard(article);
    mkdirSync(dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot });
    console.log(`Screenshot: ${options.screenshot}`);
    printMarks(await article.marks());
  } finally {
    await shutdown();
  }
}

async function showOneCard(article: ArticlePage) {
  for (const text of CARD_TO_SHOW) {
    try {
      const card = await article.hover(text);
      const name = await card.locator('.nl-card__name').textContent();
      console.log(`Opened the card for "${text}": ${name}`);
      return;
    } catch (error) {
      // Not on this page, or not marked: try the next one.
      console.log(`No card for "${text}": ${(error as Error).message.split('\n')[0]}`);
    }
  }
  console.log('No card opened (none of the usual mentions is marked on this page).');
}

/** The marks, grouped by type: each distinct text with how often it is marked. */
function printMarks(marks: PageMark[]) {
  const byType = new Map<string, Map<string, number>>();
  for (const m of marks) {
    const texts = byType.get(m.type) ?? new Map<string, number>();
    texts.set(m.text, (texts.get(m.text) ?? 0) + 1);
    byType.set(m.type, texts);
  }
  const distinct = [...byType.values()].reduce((n, texts) => n + texts.size, 0);
  console.log(`\n${marks.length} marks, ${distinct} distinct mentions:`);
  for (const [type, texts] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...texts].map(([text, count]) => (count > 1 ? `${text} ×${count}` : text)).join(', ');
    console.log(`  ${type.padEnd(13)} ${list}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
