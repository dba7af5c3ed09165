/**
 * Everything the playground does to its workbook, as plain requests and replies that can cross a thread: the
 * server functions the sidebar calls, and the workbook view's reads, edits and .xlsx download. It runs in the
 * playground's worker thread (playground-worker.ts), so a long training call never stalls the HTTP server;
 * the requests arrive checked (query parameters and body sizes are the HTTP side's job).
 */
import { CHANGING_METHODS, CountingWorkbook } from '../../sheet/counting-workbook';
import type { Workbook } from '../../sheet/workbook';
import { createLocalHost } from '../engine/local-host';
import type { LocalHost } from '../engine/local-host';
import { LocalWorkbook } from '../engine/local-workbook';
import { applyCellEdit, parseCellEdit } from './playground-edit';
import { cellDetail, NotFoundError, SheetTooLargeError, sheetSummaries, sheetView } from './playground-view';
import type { SheetSummary } from '../../shared/sheet-view';
import { HttpError, inProcessBackend } from './rpc-server';
import { MAX_NAME_LENGTH, requireInteger, requireRecord } from '../../server/validate';
import type { SheetRanges } from '../../shared/explanation';
import { a1Cell } from '../../sheet/a1-notation';
import type { RpcAnswer } from './rpc-server';
import { xlsxBytesOfModel } from '../engine/xlsx-export';
import { nativeForExport } from '../engine/native-for-export';
import { withModelLock } from '../../server/model-lock';
import { XlsxExportError } from '../engine/xlsx-formula';

/** Workbook calls a program driving the playground may make directly (reads, and writes that count as changes). */
export const WORKBOOK_ACCESS = [
  'sheetNames',
  'usedSize',
  'readValues',
  'readFormulas',
  'ensureSheet',
  'writeCells',
] as const;
export type WorkbookAccess = (typeof WORKBOOK_ACCESS)[number];

export type AppRequest =
  | { readonly kind: 'rpc'; readonly method: string; readonly args: unknown[] }
  | { readonly kind: 'sheets' }
  | { readonly kind: 'sheet'; readonly name: string }
  | { readonly kind: 'cell'; readonly sheet: string; readonly row: number; readonly col: number }
  | { readonly kind: 'edit'; readonly body: unknown }
  | { readonly kind: 'select'; readonly body: unknown }
  | { readonly kind: 'export' }
  | { readonly kind: 'workbook'; readonly method: WorkbookAccess; readonly args: unknown[] };

export type AppReply =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: 200; readonly bytes: Uint8Array; readonly convertedToNative: boolean };

/** The workbook the playground shows and changes. */
export interface PlaygroundWorkbook {
  /** The engine, for reading whole sheets with their formatting and exporting. */
  readonly local: LocalWorkbook;
  /** The same workbook as the server code sees it; edits go through here so they count as changes. */
  readonly shared: Workbook;
  /** Grows with every change to the workbook, so the page knows when to read it again. */
  revision(): number;
}

/** A local workbook whose changes are counted, so the page can tell when to read it again. */
export function playgroundWorkbook(local = new LocalWorkbook()): PlaygroundWorkbook {
  const shared = new CountingWorkbook(local);
  return {
    local,
    shared,
    revision: () => {
      // Every change (a write or formatting call) moves the revision the page watches.
      const counts = shared.counts();
      return CHANGING_METHODS.reduce((sum, method) => sum + (counts[method] ?? 0), 0);
    },
  };
}

/** The largest row or column number a request may name. */
export const MAX_ROW_OR_COL = 10_000_000;

/** A click in the view: {sheet, row, col}, checked; the cell becomes the selection the sidebar explains. */
function parseClick(body: unknown, local: LocalWorkbook): { sheet: string; cell: string } {
  try {
    const fields = requireRecord(body, 'The click');
    const sheet = fields.sheet;
    if (typeof sheet !== 'string' || !local.sheetNames().includes(sheet))
      throw new Error(`There is no sheet named "${String(sheet).slice(0, MAX_NAME_LENGTH)}"`);
    return {
      sheet,
      cell: a1Cell(
        requireInteger(fields.row, 'The row', 1, MAX_ROW_OR_COL),
        requireInteger(fields.col, 'The column', 1, MAX_ROW_OR_COL),
      ),
    };
  } catch (error) {
    throw new HttpError(400, `${(error as Error).message}.`);
  }
}

/** The status for an error of the view: its own kinds by meaning, anything else a fault (500). */
function statusOfViewError(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof NotFoundError) return 404;
  // 422: the request is well formed, but that sheet is more than the view can send.
  if (error instanceof SheetTooLargeError) return 422;
  if (error instanceof XlsxExportError) return 409;
  return 500;
}

export interface PlaygroundApp {
  readonly workbook: PlaygroundWorkbook;
  readonly host: LocalHost;
  handle(request: AppRequest): Promise<AppReply>;
}

export function createPlaygroundApp(): PlaygroundApp {
  const workbook = playgroundWorkbook();
  const { local, shared } = workbook;
  const host = createLocalHost(shared);
  const call = inProcessBackend(host);
  // The page asks for the list several times a second; it only changes with the revision.
  let listed: { revision: number; sheets: SheetSummary[] } | null = null;
  const sheetList = (): { revision: number; sheets: SheetSummary[]; selection: SheetRanges | null } => {
    const revision = workbook.revision();
    if (listed?.revision !== revision) listed = { revision, sheets: sheetSummaries(local) };
    // The selection changes without the workbook (a click, the sidebar's "Show its inputs"): sent every time.
    return { ...listed, selection: host.selection.selected() };
  };

  const view = async (request: Exclude<AppRequest, { kind: 'rpc' }>): Promise<AppReply> => {
    switch (request.kind) {
      case 'sheets':
        return { status: 200, json: sheetList() };
      case 'sheet':
        return { status: 200, json: { ...sheetView(local, request.name), revision: workbook.revision() } };
      case 'cell':
        return { status: 200, json: cellDetail(local, request.sheet, request.row, request.col) };
      case 'edit': {
        const edit = parseCellEdit(request.body, local);
        applyCellEdit(shared, edit);
        return {
          status: 200,
          json: { revision: workbook.revision(), cell: cellDetail(local, edit.sheet, edit.row, edit.col) },
        };
      }
      case 'select': {
        const { sheet, cell } = parseClick(request.body, local);
        host.selection.select(sheet, [cell]);
        return { status: 200, json: { selection: host.selection.selected() } };
      }
      case 'export': {
        // Custom functions exist only in Google Sheets: such a model is rebuilt with native formulas first,
        // under the document lock, through the shared workbook so the page and the sidebar see the change.
        let convertedToNative: boolean;
        try {
          convertedToNative = withModelLock(host, () => nativeForExport(shared));
        } catch (error) {
          throw new XlsxExportError(error instanceof Error ? error.message : String(error));
        }
        return { status: 200, bytes: (await xlsxBytesOfModel(host, local)).bytes, convertedToNative };
      }
      case 'workbook': {
        if (!(WORKBOOK_ACCESS as readonly string[]).includes(request.method))
          throw new HttpError(400, `"${String(request.method)}" is not a workbook call the playground offers.`);
        const method = shared[request.method] as (...args: unknown[]) => unknown;
        return { status: 200, json: method.apply(shared, request.args) ?? null };
      }
    }
  };

  return {
    workbook,
    host,
    async handle(request) {
      if (request.kind === 'rpc') {
        const answer: RpcAnswer = call(request.method, request.args);
        return 'error' in answer
          ? { status: answer.status, json: { error: answer.error } }
          : { status: 200, json: { result: answer.result } };
      }
      try {
        return await view(request);
      } catch (error) {
        return {
          status: statusOfViewError(error),
          json: { error: error instanceof Error ? error.message : String(error) },
        };
      }
    },
  };
}
