/**
 * One Chromium with Newslens and one fixture server per test file: registers the vitest hooks
 * that start and stop them, and hands the test file a handle that is filled in `beforeAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { ArticlePage } from './article-page';
import { launchExtension, type LaunchedExtension } from './launch';
import { startStaticServer, type StaticServer, type StaticServerOptions } from './static-server';

export interface Session {
  extension: LaunchedExtension;
  server: StaticServer;
  /** URL of a fixture page, e.g. fixture('demo-article.html'). */
  fixture(name: string): string;
  /** Opens a fixture page in a new tab. */
  openArticle(name: string): Promise<ArticlePage>;
  /** Opens one of the extension's own pages (popup.html, options.html) in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
}

export function useNewslens(serverOptions: StaticServerOptions = {}): Session {
  const session = {} as Session;
  beforeAll(async () => {
    session.server = await startStaticServer(undefined, serverOptions);
    session.extension = await launchExtension();
    session.fixture = (name) => `${session.server.url}/${name}`;
    session.openArticle = async (name) => {
      const page = await session.extension.context.newPage();
      return new ArticlePage(page).open(session.fixture(name));
    };
    session.openExtensionPage = async (path) => {
      const page = await session.extension.context.newPage();
      await page.goto(`${session.extension.extensionOrigin}/${path}`);
      return page;
    };
  });
  afterAll(async () => {
    await session.extension?.close();
    await session.server?.close();
  });
  return session;
}
