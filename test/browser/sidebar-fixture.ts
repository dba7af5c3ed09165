/**
 * One sidebar under test: the page as `npm run build` makes it (built into a temporary folder, so parallel
 * runs never share dist/) served by the local RPC server over the real server code on a fresh local workbook,
 * opened in headless Chromium at the sidebar's 300 px width. The server runs in a worker thread
 * (sidebar-server-worker.ts), so a long server call never stalls Jest's timers or Playwright's messages; the
 * test reaches its host through the async calls below.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { RequestWorker } from '../../src/local/playground/request-worker';
import type { DocumentLock } from '../../src/server/host';
import type { ServerApi } from '../../src/shared/api';
import type { Workbook } from '../../src/sheet/workbook';
import { GRID_ORIGIN } from '../../src/sheet/layout';
import { CHANNEL_SHEETS } from '../../src/sheet/sheet-names';
import { BrowserSession, launchBrowser } from '../helpers/browser';
import type { ServerWorkerData, ServerWorkerReply, ServerWorkerRequest, SHEET_HELPERS } from './sidebar-server-worker';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Limits on waiting: hang detectors only, never the pace a test expects (every wait is for a condition). Sized
 * for a machine whose cores are busy with other work, where a sidebar test runs ten times slower than alone.
 */
export const WAIT_LIMIT_MS = 240_000;
/** For jest.setTimeout in each sidebar test file: a test or hook may take several such waits. */
export const SIDEBAR_TEST_LIMIT_MS = 4 * WAIT_LIMIT_MS;
/** The page `npm run build` wrote into dist/ (the playground test serves it). */
export const SIDEBAR_HTML = path.join(ROOT, 'dist/Sidebar.html');

type AnyFunction = (...args: never[]) => unknown;
/** A call of `F` made in the server's thread: the same arguments, its result once it is back. */
type Remote<F extends AnyFunction> = Promise<Awaited<ReturnType<F>>>;
type Rest<F> = F extends (first: never, ...rest: infer R) => unknown ? R : never;
type SheetHelpers = typeof SHEET_HELPERS;

export interface SidebarFixture {
  /** The server's address (the page's URL without its hash). */
  readonly rpc: { readonly url: string };
  readonly session: BrowserSession;
  readonly page: Page;
  /** Calls a server function on the page's workbook, e.g. server('getModelInfo'); rejects with its message. */
  server<M extends keyof ServerApi>(method: M, ...args: Parameters<ServerApi[M]>): Remote<ServerApi[M]>;
  /** Calls the page's workbook, e.g. workbook('readValues', sheet, range). */
  workbook<M extends keyof Workbook>(method: M, ...args: Parameters<Workbook[M]>): Remote<Workbook[M]>;
  /** Runs a helper of src/sheet on the page's workbook (passed as its first argument), e.g. sheet('readModel'). */
  sheet<K extends keyof SheetHelpers>(helper: K, ...args: Rest<SheetHelpers[K]>): Remote<SheetHelpers[K]>;
  /** Takes or releases the document lock the server functions use, as another person's call would. */
  lock<M extends keyof DocumentLock>(method: M, ...args: Parameters<DocumentLock[M]>): Remote<DocumentLock[M]>;
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
  const workerData: ServerWorkerData = {
    userName: 'tester@example.com',
    sidebarHtmlPath: path.join(dist, 'Sidebar.html'),
    addOnFolder: dist,
  };
  const worker = new RequestWorker<ServerWorkerRequest, ServerWorkerReply>(
    path.join(__dirname, 'sidebar-server-worker.ts'),
    {
      workerData,
      name: "The sidebar tests' server worker",
      recovery: 'see the error above',
    },
  );
  const ask = async (request: ServerWorkerRequest): Promise<unknown> => {
    const reply = await worker.request(request);
    if ('error' in reply) throw new Error(reply.error);
    return reply.result;
  };
  const call =
    (kind: 'server' | 'workbook' | 'sheet' | 'lock') =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller's type is fixed by SidebarFixture
    (name: string, ...args: unknown[]): Promise<any> =>
      ask({ kind, name, args });
  let session: BrowserSession | null = null;
  let url: string;
  try {
    url = (await ask({ kind: 'url' })) as string;
    session = await launchBrowser();
    session.page.setDefaultTimeout(WAIT_LIMIT_MS);
    await session.page.goto(url + hash);
    // The page asks the server for the model first; its summary replaces "Reading the model…".
    await waitForText(session.page, '#model-summary', /network|No model/);
  } catch (error) {
    await session?.close();
    await worker.stop();
    rmSync(dist, { recursive: true, force: true });
    throw error;
  }
  const opened = session;
  return {
    rpc: { url },
    session: opened,
    page: opened.page,
    server: call('server'),
    workbook: call('workbook'),
    sheet: call('sheet'),
    lock: call('lock'),
    async close(): Promise<void> {
      await opened.close();
      await ask({ kind: 'close' });
      await worker.stop();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Waits until the element's text matches (the page updates after server calls). */
export async function waitForText(
  page: Page,
  selector: string,
  pattern: RegExp,
  timeout = WAIT_LIMIT_MS,
): Promise<string> {
  await page.waitForFunction(
    ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, pattern.source, pattern.flags] as const,
    { timeout },
  );
  return (await page.textContent(selector)) ?? '';
}

/** The message area's kind (error, warning, info, success) and text. */
export async function messageOf(
  page: Page,
  selector: string,
): Promise<{ kind: string; text: string; hidden: boolean }> {
  return page.$eval(selector, (element) => ({
    kind: ['error', 'warning', 'info', 'success'].find((k) => element.classList.contains(k)) ?? '',
    text: element.textContent ?? '',
    hidden: (element as HTMLElement).hidden,
  }));
}

/** RGB bytes of the picture in the R, G, B sheets of the server's workbook (one block read per sheet). */
export async function sheetPixels(fixture: SidebarFixture, width: number, height: number): Promise<Uint8Array> {
  const rgb = new Uint8Array(width * height * 3);
  for (const [channel, sheet] of CHANNEL_SHEETS.entries()) {
    const rows = await fixture.workbook('readValues', sheet, {
      row: GRID_ORIGIN.row,
      col: GRID_ORIGIN.col,
      rows: height,
      cols: width,
    });
    rows.forEach((row, y) =>
      row.forEach((value, x) => {
        if (typeof value !== 'number')
          throw new Error(`${sheet}!(${y},${x}) holds ${JSON.stringify(value)}, not a number`);
        rgb[(y * width + x) * 3 + channel] = value;
      }),
    );
  }
  return rgb;
}
