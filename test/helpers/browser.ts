/**
 * Headless Chromium for the browser tests: Debian's chromium driven by playwright-core, a fresh profile per
 * launch, and a record of page errors and dialogs so a test can assert that nothing unexpected ran.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Where screenshots go (gitignored). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and console errors of the page. */
  readonly pageErrors: string[];
  /** Messages of alert/confirm/prompt dialogs the page opened (each is dismissed). */
  readonly dialogs: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Launches Chromium with a new profile and opens one page of the given width (the sidebar is 300 px). */
export async function launchBrowser(viewport = { width: 300, height: 900 }): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    page,
    pageErrors,
    dialogs,
    async screenshot(name: string): Promise<string> {
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      // Transitions (the progress bar's width) are run to their end, so the picture shows the state reached.
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    async close(): Promise<void> {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
