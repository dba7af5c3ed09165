/**
 * One sidebar under test: the page as `npm run build` makes it (built into a temporary folder, so parallel
 * runs never share dist/) served by the local RPC server over the real
 * server code on a fresh local workbook, opened in headless Chromium at the sidebar's 300 px width.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { createLocalHost, LocalHost } from '../../src/local/engine/local-host';
import { RunningRpcServer, startRpcServer } from '../../src/local/playground/rpc-server';
import { BrowserSession, launchBrowser } from '../helpers/browser';

export const ROOT = path.resolve(__dirname, '../..');
/** The page `npm run build` wrote into dist/ (the playground test serves it). */
export const SIDEBAR_HTML = path.join(ROOT, 'dist/Sidebar.html');

export interface SidebarFixture {
  readonly host: LocalHost;
  readonly rpc: RunningRpcServer;
  readonly session: BrowserSession;
  readonly page: Page;
  close(): Promise<void>;
}

/** Runs the real build into a new temporary folder, so the test sees the current sources without touching dist/. */
export function buildIntoTemporaryFolder(): string {
  const dist = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-dist-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--out', dist], { cwd: ROOT, stdio: 'pipe' });
  return dist;
}

export async function openSidebar(hash = ''): Promise<SidebarFixture> {
  const dist = buildIntoTemporaryFolder();
  const host = createLocalHost(undefined, { userName: 'tester@example.com', faceDetectorScriptPath: path.join(dist, 'FaceDetector.html') });
  const rpc = await startRpcServer({ host, sidebarHtmlPath: path.join(dist, 'Sidebar.html') });
  const session = await launchBrowser();
  await session.page.goto(rpc.url + hash);
  // The page asks the server for the model first; its summary replaces "Reading the model…".
  await waitForText(session.page, '#model-summary', /network|No model/);
  return {
    host,
    rpc,
    session,
    page: session.page,
    async close(): Promise<void> {
      await session.close();
      await rpc.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Waits until the element's text matches (the page updates after server calls). */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  await page.waitForFunction(
    ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, pattern.source, pattern.flags] as const,
    { timeout },
  );
  return (await page.textContent(selector)) ?? '';
}

/** The message area's kind (error, warning, info, success) and text. */
export async function messageOf(page: Page, selector: string): Promise<{ kind: string; text: string; hidden: boolean }> {
  return page.$eval(selector, (element) => ({
    kind: ['error', 'warning', 'info', 'success'].find((k) => element.classList.contains(k)) ?? '',
    text: element.textContent ?? '',
    hidden: (element as HTMLElement).hidden,
  }));
}
