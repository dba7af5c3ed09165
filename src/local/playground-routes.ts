/**
 * The playground's HTTP routes beside the RPC server's: the page itself, and the workbook view's reads,
 * edits and .xlsx download. Every query and body is checked; anything else gets a clear error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_NAME_LENGTH, requireInteger, requireRecord } from '../server/validate';
import type { SheetRanges } from '../shared/explanation';
import { a1Cell } from '../sheet/layout';
import type { Workbook } from '../sheet/workbook';
import type { LocalSelection } from './local-host';
import type { LocalWorkbook } from './local-workbook';
import type { PageAssets } from './playground-assets';
import { applyCellEdit, MAX_EDIT_BODY_BYTES, parseCellEdit } from './playground-edit';
import { cellDetail, NotFoundError, SheetTooLargeError, sheetSummaries, sheetView } from './playground-view';
import type { SheetSummary } from './playground-view';
import { HttpError, readJsonBody, sendJson } from './rpc-server';
import type { RpcRoute } from './rpc-server';
import { xlsxBytes } from './xlsx-export';
import { XlsxExportError } from './xlsx-formula';

/** The workbook the routes show and change. */
export interface PlaygroundWorkbook {
  /** The engine, for reading whole sheets with their formatting and exporting. */
  readonly local: LocalWorkbook;
  /** The same workbook as the server code sees it; edits go through here so they count as changes. */
  readonly shared: Workbook;
  /** Grows with every change to the workbook, so the page knows when to read it again. */
  revision(): number;
}

const MAX_ROW_OR_COL = 10_000_000;

/** A query parameter that must be present: text of 1 to maxLength characters. */
function queryText(url: URL, name: string, maxLength: number): string {
  const value = url.searchParams.get(name);
  if (value === null || value.length === 0 || value.length > maxLength) {
    throw new HttpError(400, `Give the ${name} as a query parameter of 1 to ${maxLength} characters, e.g. ?${name}=Softmax.`);
  }
  return value;
}

function queryWholeNumber(url: URL, name: string): number {
  const text = url.searchParams.get(name) ?? '';
  const value = Number(text);
  if (!/^[0-9]{1,8}$/.test(text) || value < 1 || value > MAX_ROW_OR_COL) {
    throw new HttpError(400, `The ${name} must be a whole number of 1 or more, e.g. ${name}=4; got "${text.slice(0, 20)}".`);
  }
  return value;
}

/** Runs a route, turning the view's and the exporter's own errors into HTTP answers with their messages. */
function route(method: 'GET' | 'POST', path: string, handle: (request: IncomingMessage, response: ServerResponse, url: URL) => unknown): RpcRoute {
  return {
    method,
    path,
    async handle(request, response, url) {
      try {
        await handle(request, response, url);
      } catch (error) {
        if (error instanceof NotFoundError) throw new HttpError(404, error.message);
        // 422: the request is well formed, but that sheet is more than the view can send.
        if (error instanceof SheetTooLargeError) throw new HttpError(422, error.message);
        if (error instanceof XlsxExportError) throw new HttpError(409, error.message);
        throw error;
      }
    },
  };
}

function sendAsset(response: ServerResponse, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  response.end(body);
}

/** Only this server's own script, styles, data and sidebar frame; no inline code, no other origin. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self' blob: data:; base-uri 'none'; form-action 'none'";

/** A click in the view: {sheet, row, col}, checked; the cell becomes the selection the sidebar explains. */
function parseClick(body: unknown, local: LocalWorkbook): { sheet: string; cell: string } {
  try {
    const fields = requireRecord(body, 'The click');
    const sheet = fields.sheet;
    if (typeof sheet !== 'string' || !local.sheetNames().includes(sheet)) throw new Error(`There is no sheet named "${String(sheet).slice(0, MAX_NAME_LENGTH)}"`);
    return { sheet, cell: a1Cell(requireInteger(fields.row, 'The row', 1, MAX_ROW_OR_COL), requireInteger(fields.col, 'The column', 1, MAX_ROW_OR_COL)) };
  } catch (error) {
    throw new HttpError(400, `${(error as Error).message}.`);
  }
}

export function playgroundRoutes(workbook: PlaygroundWorkbook, assets: PageAssets, selection: LocalSelection): RpcRoute[] {
  const { local } = workbook;
  // The page asks for the list several times a second; it only changes with the revision.
  let listed: { revision: number; sheets: SheetSummary[] } | null = null;
  const sheetList = (): { revision: number; sheets: SheetSummary[]; selection: SheetRanges | null } => {
    const revision = workbook.revision();
    if (listed?.revision !== revision) listed = { revision, sheets: sheetSummaries(local) };
    // The selection changes without the workbook (a click, the sidebar's "Show its inputs"): sent every time.
    return { ...listed, selection: selection.selected() };
  };
  return [
    route('GET', '/', (_request, response) => sendAsset(response, 'text/html; charset=utf-8', assets.html, { 'Content-Security-Policy': PAGE_POLICY })),
    route('GET', '/playground.js', (_request, response) => sendAsset(response, 'text/javascript; charset=utf-8', assets.script)),
    route('GET', '/playground.css', (_request, response) => sendAsset(response, 'text/css; charset=utf-8', assets.styles)),
    route('GET', '/workbook/sheets', (_request, response) => sendJson(response, 200, sheetList())),
    route('GET', '/workbook/sheet', (_request, response, url) => {
      sendJson(response, 200, { ...sheetView(local, queryText(url, 'name', MAX_NAME_LENGTH)), revision: workbook.revision() });
    }),
    route('GET', '/workbook/cell', (_request, response, url) => {
      sendJson(response, 200, cellDetail(local, queryText(url, 'sheet', MAX_NAME_LENGTH), queryWholeNumber(url, 'row'), queryWholeNumber(url, 'col')));
    }),
    route('POST', '/workbook/edit', async (request, response) => {
      const edit = parseCellEdit(await readJsonBody(request, MAX_EDIT_BODY_BYTES), local);
      applyCellEdit(workbook.shared, edit);
      sendJson(response, 200, { revision: workbook.revision(), cell: cellDetail(local, edit.sheet, edit.row, edit.col) });
    }),
    route('POST', '/workbook/select', async (request, response) => {
      const { sheet, cell } = parseClick(await readJsonBody(request, MAX_EDIT_BODY_BYTES), local);
      selection.select(sheet, [cell]);
      sendJson(response, 200, { selection: selection.selected() });
    }),
    route('GET', '/workbook/export.xlsx', async (_request, response) => {
      const { bytes } = await xlsxBytes(local);
      sendAsset(response, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes, {
        'Content-Disposition': 'attachment; filename="sheet-cnn.xlsx"',
      });
    }),
  ];
}
