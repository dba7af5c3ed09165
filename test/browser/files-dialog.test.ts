/**
 * The Model files dialog in Chromium, inside an iframe with the sandbox keywords HtmlService documents for its
 * IFRAME mode (https://developers.google.com/apps-script/guides/html/restrictions): allow-same-origin,
 * allow-forms, allow-scripts, allow-popups, allow-downloads, allow-modals, allow-popups-to-escape-sandbox.
 * Google nests that frame in frames of its own whose attributes are not documented; this is as far as the
 * documentation goes. The exports arrive as downloads holding the sheets' model and dataset, the same page
 * without allow-downloads saves nothing (so the sandbox is really applied), and an uploaded model file
 * replaces the model in the sheets.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';
import JSZip from 'jszip';
import type { Download, Frame } from 'playwright-core';
import { createLocalHost } from '../../src/local/engine/local-host';
import { startRpcServer } from '../../src/local/playground/rpc-server';
import type { RunningRpcServer } from '../../src/local/playground/rpc-server';
import { createServer } from '../../src/server';
import { importTfjs } from '../../src/interchange/tfjs-import';
import { importOnnx } from '../../src/interchange/onnx-import';
import { exportOnnx } from '../../src/interchange/onnx-export';
import { fromTransfer } from '../../src/interchange/transfer';
import { defaultSpec } from '../../src/core/spec';
import { initParams } from '../../src/core/model';
import { launchBrowser } from '../helpers/browser';
import type { BrowserSession } from '../helpers/browser';
import { buildIntoTemporaryFolder } from './sidebar-fixture';
import { picture } from '../server/server-fixture';

const HTMLSERVICE_SANDBOX =
  'allow-same-origin allow-forms allow-scripts allow-popups allow-downloads allow-modals allow-popups-to-escape-sandbox';
const WITHOUT_DOWNLOADS = HTMLSERVICE_SANDBOX.replace(' allow-downloads', '');

function framePage(response: ServerResponse, sandbox: string): void {
  const html = `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><iframe id="dialog" sandbox="${sandbox}" src="/files" width="460" height="700"></iframe></body></html>`;
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(html);
}

let dist: string;
let rpc: RunningRpcServer;
let session: BrowserSession;
const host = createLocalHost(undefined, { userName: 'tester@example.com' });
const api = createServer(host);

beforeAll(async () => {
  dist = buildIntoTemporaryFolder();
  rpc = await startRpcServer({
    host,
    sidebarHtmlPath: path.join(dist, 'Sidebar.html'),
    filesHtmlPath: path.join(dist, 'Files.html'),
    extraRoutes: [
      {
        method: 'GET',
        path: '/htmlservice',
        handle: async (_request, response) => framePage(response, HTMLSERVICE_SANDBOX),
      },
      {
        method: 'GET',
        path: '/no-downloads',
        handle: async (_request, response) => framePage(response, WITHOUT_DOWNLOADS),
      },
    ],
  });
  session = await launchBrowser({ width: 500, height: 800 });
  api.buildModel({ specName: 'small', mode: 'values', seed: 3, classes: ['a', 'b'] });
  api.addPictures({ label: 'a', pictures: [picture('a1.png', 5, 5, 1), picture('a2.png', 5, 5, 2)] });
  api.addPictures({ label: 'b', pictures: [picture('b1.png', 5, 5, 3)] });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await rpc?.close();
  rmSync(dist, { recursive: true, force: true });
});

async function dialogFrame(route: string): Promise<Frame> {
  await session.page.goto(`${rpc.url.replace(/\/$/, '')}${route}`);
  const handle = await session.page.waitForSelector('#dialog');
  const frame = await handle.contentFrame();
  if (frame === null) throw new Error('the dialog frame did not load');
  await frame.waitForSelector('#export-tfjs');
  return frame;
}

async function downloadedBytes(frame: Frame, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    session.page.waitForEvent('download', { timeout: 30_000 }),
    frame.click(button),
  ]);
  const file = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(file) };
}

describe('Model files dialog in the HtmlService sandbox', () => {
  test('TF.js, ONNX and dataset exports arrive as downloads holding the sheets’ model and pictures', async () => {
    const frame = await dialogFrame('/htmlservice');
    const sheets = fromTransfer(api.exportModel());

    const tfjs = await downloadedBytes(frame, '#export-tfjs');
    expect(tfjs.name).toBe('sheet-cnn-tfjs.zip');
    const zip = await JSZip.loadAsync(tfjs.bytes);
    const modelJson = await zip.file('model.json')!.async('string');
    const weights = await zip.file('weights.bin')!.async('uint8array');
    const fromTfjs = importTfjs(modelJson, new Map([['weights.bin', weights]]));
    expect(fromTfjs.spec).toEqual(sheets.spec);
    expect(Array.from(fromTfjs.params.dense.weights.data)).toEqual(
      Array.from(sheets.params.dense.weights.data, Math.fround),
    );

    const onnx = await downloadedBytes(frame, '#export-onnx');
    expect(onnx.name).toBe('sheet-cnn.onnx');
    expect(importOnnx(new Uint8Array(onnx.bytes)).spec).toEqual(sheets.spec);

    const data = await downloadedBytes(frame, '#export-dataset');
    expect(data.name).toBe('sheet-cnn-dataset.zip');
    const names = Object.keys((await JSZip.loadAsync(data.bytes)).files).filter((n) => n.endsWith('.png'));
    expect(names).toHaveLength(3);
    expect(await frame.textContent('#files-message')).toMatch(/Saved sheet-cnn-dataset.zip: 3 pictures/);
    expect(session.pageErrors).toEqual([]);
  });

  test('without allow-downloads the same click saves nothing: the sandbox is really in force', async () => {
    const frame = await dialogFrame('/no-downloads');
    let downloads = 0;
    const count = (): void => {
      downloads++;
    };
    session.page.on('download', count);
    // Chromium says on the console when the sandbox refuses a download: by then it has decided.
    const refused = session.page.waitForEvent('console', {
      predicate: (message) => message.text().startsWith('Download is disallowed'),
      timeout: 30_000,
    });
    await frame.click('#export-onnx');
    await frame.waitForSelector('#files-message:not([hidden])');
    await refused;
    session.page.off('download', count);
    expect(downloads).toBe(0);
  });

  test('an uploaded ONNX file replaces the model in the sheets after a second click', async () => {
    const frame = await dialogFrame('/htmlservice');
    const spec = {
      ...defaultSpec(['x', 'y', 'z']),
      input: { channels: 3, height: 8, width: 8 },
      blocks: [{ filters: 3, kernel: 3, stride: 1, padding: 'same' as const, pool: { size: 2, stride: 2 } }],
    };
    const model = { spec, params: initParams(spec, 11) };
    const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-upload-'));
    const file = path.join(dir, 'mine.onnx');
    writeFileSync(file, exportOnnx(model));
    await frame.setInputFiles('#import-files', file);
    await frame.click('#import-button');
    expect(await frame.textContent('#import-button')).toMatch(/Click again/);
    expect(api.getModelInfo().classes).toEqual(['a', 'b']);
    await frame.click('#import-button');
    await frame.waitForFunction(() => /Imported:/.test(document.querySelector('#files-message')?.textContent ?? ''));
    expect(api.getModelInfo()).toMatchObject({ classes: ['x', 'y', 'z'], inputWidth: 8, inputHeight: 8 });
    expect(fromTransfer(api.exportModel()).spec).toEqual(spec);
    // A file that is not a model gets the importer's message, and the model stays.
    writeFileSync(path.join(dir, 'notes.onnx'), 'hello');
    await frame.setInputFiles('#import-files', path.join(dir, 'notes.onnx'));
    await frame.click('#import-button');
    await frame.click('#import-button');
    await frame.waitForFunction(() =>
      /not an ONNX model/.test(document.querySelector('#files-message')?.textContent ?? ''),
    );
    expect(api.getModelInfo().classes).toEqual(['x', 'y', 'z']);
    rmSync(dir, { recursive: true, force: true });
  });
});
