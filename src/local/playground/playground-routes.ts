/**
 * The playground's HTTP routes beside the RPC server's: the page itself, and the workbook view's reads,
 * edits and .xlsx download. Every query and body is checked here, on the HTTP thread; the checked request
 * then goes to the playground app (in its worker thread), whose reply is sent as it comes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_NAME_LENGTH } from '../../server/validate';
import type { PageAssets } from './playground-assets';
import { MAX_ROW_OR_COL } from './playground-app';
import type { AppReply, AppRequest } from './playground-app';
import { MAX_EDIT_BODY_BYTES } from './playground-edit';
import { HttpError, readJsonBody, sendJson } from './rpc-server';
import type { RpcRoute } from './rpc-server';

/** Sends a request to the playground app and waits for its reply. */
export type AppChannel = (request: AppRequest) => Promise<AppReply>;

/** A query parameter that must be present: text of 1 to maxLength characters. */
function queryText(url: URL, name: string, maxLength: number): string {
  const value = url.searchParams.get(name);
  if (value === null || value.length === 0 || value.length > maxLength) {
    throw new HttpError(
      400,
      `Give the ${name} as a query parameter of 1 to ${maxLength} characters, e.g. ?${name}=Softmax.`,
    );
  }
  return value;
}

function queryWholeNumber(url: URL, name: string): number {
  const text = url.searchParams.get(name) ?? '';
  const value = Number(text);
  if (!/^[0-9]{1,8}$/.test(text) || value < 1 || value > MAX_ROW_OR_COL) {
    throw new HttpError(
      400,
      `The ${name} must be a whole number of 1 or more, e.g. ${name}=4; got "${text.slice(0, 20)}".`,
    );
  }
  return value;
}

function route(method: 'GET' | 'POST', path: string, handle: RpcRoute['handle']): RpcRoute {
  return { method, path, handle };
}

function sendAsset(
  response: ServerResponse,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
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

/** Says whether the download rebuilt a custom-function model with native formulas first ("native" or "no"). */
export const CONVERTED_HEADER = 'X-Sheet-CNN-Converted';

/** Sends the app's reply: JSON, or the .xlsx file as a download. */
function sendReply(response: ServerResponse, reply: AppReply): void {
  if ('json' in reply) {
    sendJson(response, reply.status, reply.json);
    return;
  }
  sendAsset(response, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from(reply.bytes), {
    'Content-Disposition': 'attachment; filename="sheet-cnn.xlsx"',
    [CONVERTED_HEADER]: reply.convertedToNative ? 'native' : 'no',
  });
}

export function playgroundRoutes(assets: PageAssets, app: AppChannel): RpcRoute[] {
  const forward = (response: ServerResponse, request: AppRequest): Promise<void> =>
    app(request).then((reply) => sendReply(response, reply));
  return [
    route('GET', '/', (_request, response) =>
      sendAsset(response, 'text/html; charset=utf-8', assets.html, { 'Content-Security-Policy': PAGE_POLICY }),
    ),
    route('GET', '/playground.js', (_request, response) =>
      sendAsset(response, 'text/javascript; charset=utf-8', assets.script),
    ),
    route('GET', '/playground.css', (_request, response) =>
      sendAsset(response, 'text/css; charset=utf-8', assets.styles),
    ),
    route('GET', '/workbook/sheets', (_request, response) => forward(response, { kind: 'sheets' })),
    route('GET', '/workbook/sheet', (_request, response, url) =>
      forward(response, { kind: 'sheet', name: queryText(url, 'name', MAX_NAME_LENGTH) }),
    ),
    route('GET', '/workbook/cell', (_request, response, url) =>
      forward(response, {
        kind: 'cell',
        sheet: queryText(url, 'sheet', MAX_NAME_LENGTH),
        row: queryWholeNumber(url, 'row'),
        col: queryWholeNumber(url, 'col'),
      }),
    ),
    route('POST', '/workbook/edit', async (request: IncomingMessage, response) =>
      forward(response, { kind: 'edit', body: await readJsonBody(request, MAX_EDIT_BODY_BYTES) }),
    ),
    route('POST', '/workbook/select', async (request: IncomingMessage, response) =>
      forward(response, { kind: 'select', body: await readJsonBody(request, MAX_EDIT_BODY_BYTES) }),
    ),
    route('GET', '/workbook/export.xlsx', (_request, response) => forward(response, { kind: 'export' })),
  ];
}
