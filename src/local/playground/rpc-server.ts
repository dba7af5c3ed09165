/**
 * A local HTTP server for the sidebar without Google: GET / serves the built sidebar (dist/Sidebar.html) with
 * a google.script.run shim, and POST /rpc/<method> runs that ServerApi method of the real server code on a
 * Host (normally over a LocalWorkbook). Bound to 127.0.0.1 only; every request is checked before it runs.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createServer } from '../../server';
import { BusyError } from '../../server/model-lock';
import type { Host } from '../../server/host';
import type { ServerApi } from '../../shared/api';
import { plural } from '../../shared/plural';
import { injectShim } from './rpc-shim';

/** Arguments each endpoint takes; `satisfies` keeps this list in step with ServerApi (no missing or extra names). */
export const ENDPOINT_ARITY = {
  getModelInfo: 0,
  getModelStamp: 0,
  buildModel: 1,
  importImage: 1,
  importPictureOnly: 1,
  setLabel: 1,
  runForwardPass: 0,
  setFormulaMode: 1,
  getDataset: 0,
  addPictures: 1,
  addClass: 1,
  renameClass: 2,
  removeClass: 1,
  splitDataset: 2,
  trainBatch: 1,
  resetWeights: 1,
  stepOnce: 1,
  evaluate: 0,
  exportModel: 0,
  importModel: 1,
  getDatasetPage: 1,
  explainSelection: 1,
  showCells: 1,
  getFaceDetectorPart: 1,
} as const satisfies Record<keyof ServerApi, number>;

type Method = keyof typeof ENDPOINT_ARITY;

function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(ENDPOINT_ARITY, name);
}

/** Largest request body: room for a batch of dataset pictures (a 111×111 picture is ~50 KB of base64). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A request that is refused before reaching the server code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The status for an error the server code threw: 409 when the model is busy (try again later), 500 for a fault
 * in the code itself (JavaScript's own errors), and 422 for everything else — the request was well formed but
 * its content cannot be done, and the message says why.
 */
export function statusOfServerError(error: unknown): number {
  if (error instanceof BusyError) return 409;
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  )
    return 500;
  return 422;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

/** Reads and parses a JSON body of at most maxBytes; HttpError 413/415/400 otherwise. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      `Send the request body as JSON with the header Content-Type: application/json (got "${type || 'none'}").`,
    );
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes)
    throw new HttpError(
      413,
      `The request body is ${declared} bytes; the limit is ${maxBytes}. Send fewer pictures per call.`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes)
      throw new HttpError(
        413,
        `The request body is over the limit of ${maxBytes} bytes. Send fewer pictures per call.`,
      );
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** The method named by the path after /rpc/, percent-decoded. */
function methodName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(
      400,
      `The path /rpc/${encoded.slice(0, 60)} is not valid percent-encoding; name a server function, e.g. /rpc/getModelInfo.`,
    );
  }
}

/** The args array of an RPC body, checked against the method's argument count. */
function rpcArgs(method: Method, body: unknown): unknown[] {
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    !Array.isArray((body as { args?: unknown }).args)
  ) {
    throw new HttpError(400, 'The request body must be a JSON object {"args": [...]} holding the list of arguments.');
  }
  const args = (body as { args: unknown[] }).args;
  if (args.length !== ENDPOINT_ARITY[method]) {
    throw new HttpError(400, `${method} takes ${plural(ENDPOINT_ARITY[method], 'argument')}; got ${args.length}.`);
  }
  return args;
}

/** What a server function call came to: its result, or the status and message of its refusal. */
export type RpcAnswer = { readonly result: unknown } | { readonly status: number; readonly error: string };

/** Runs a checked call (a known method, the right number of arguments); in-process or in another thread. */
export type RpcBackend = (method: string, args: unknown[]) => RpcAnswer | Promise<RpcAnswer>;

/** The server code over `host`, in this thread. */
export function inProcessBackend(host: Host): (method: string, args: unknown[]) => RpcAnswer {
  const api = createServer(host);
  return (method, args) => {
    try {
      return { result: (api[method as Method] as (...a: unknown[]) => unknown)(...args) };
    } catch (error) {
      // The server code's own message (bad input, busy model, ...) is what the sidebar shows.
      return { status: statusOfServerError(error), error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** An extra route, e.g. the playground's workbook view. */
export interface RpcRoute {
  readonly method: 'GET' | 'POST';
  /** Exact path, e.g. '/workbook'. */
  readonly path: string;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>;
}

export interface RpcServerOptions {
  /** Where server functions run: `backend` when given, else the server code over `host` in this thread. */
  readonly host?: Host;
  readonly backend?: RpcBackend;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built sidebar page; dist/Sidebar.html of this checkout by default. */
  readonly sidebarHtmlPath?: string;
  /** The built Model files dialog, served at /files; dist/Files.html of this checkout by default. */
  readonly filesHtmlPath?: string;
  readonly maxBodyBytes?: number;
  readonly extraRoutes?: readonly RpcRoute[];
}

export interface RunningRpcServer {
  readonly server: Server;
  readonly port: number;
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  close(): Promise<void>;
}

const DEFAULT_SIDEBAR_HTML = path.resolve(__dirname, '../../../dist/Sidebar.html');
const DEFAULT_FILES_HTML = path.resolve(__dirname, '../../../dist/Files.html');

/**
 * Only pages of this server may call it: the Host header must name 127.0.0.1 or localhost (a web page cannot
 * reach us through a rebound DNS name), and a browser's Origin, when sent, must be this server.
 */
function assertLocalCaller(request: IncomingMessage, port: number): void {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(request.headers.host ?? '')) {
    throw new HttpError(403, `This server only answers requests addressed to http://127.0.0.1:${port}/.`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowed.some((hostPort) => origin === `http://${hostPort}`)) {
    throw new HttpError(403, 'Requests from other web pages are refused.');
  }
}

export async function startRpcServer(options: RpcServerOptions): Promise<RunningRpcServer> {
  const backend = options.backend ?? (options.host ? inProcessBackend(options.host) : null);
  if (backend === null) throw new Error('startRpcServer needs a host or a backend to run server functions on.');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sidebarHtmlPath = options.sidebarHtmlPath ?? DEFAULT_SIDEBAR_HTML;
  const extraRoutes = options.extraRoutes ?? [];
  let port = 0;

  const filesHtmlPath = options.filesHtmlPath ?? DEFAULT_FILES_HTML;
  const servePage = async (response: ServerResponse, pagePath: string): Promise<void> => {
    let html: string;
    try {
      html = await readFile(pagePath, 'utf8');
    } catch {
      throw new HttpError(500, `The page ${pagePath} is missing: run npm run build first.`);
    }
    const page = injectShim(html);
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(page),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(page);
  };

  const callApi = async (request: IncomingMessage, response: ServerResponse, name: string): Promise<void> => {
    if (!isMethod(name)) throw new HttpError(404, `There is no server function named "${name}".`);
    const args = rpcArgs(name, await readJsonBody(request, maxBodyBytes));
    const answer = await backend(name, args);
    if ('error' in answer) throw new HttpError(answer.status, answer.error);
    sendJson(response, 200, { result: answer.result });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    assertLocalCaller(request, port);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const atPath = extraRoutes.filter((route) => route.path === url.pathname);
    const extra = atPath.find((route) => route.method === request.method);
    if (extra !== undefined) return extra.handle(request, response, url);
    if (atPath.length > 0) {
      const allowed = atPath.map((route) => route.method).join(', ');
      throw new HttpError(405, `${url.pathname} answers ${allowed} only; got ${String(request.method).slice(0, 20)}.`, {
        Allow: allowed,
      });
    }
    if (url.pathname.startsWith('/rpc/')) {
      if (request.method !== 'POST') throw new HttpError(405, 'Call server functions with POST.', { Allow: 'POST' });
      return callApi(request, response, methodName(url.pathname.slice('/rpc/'.length)));
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (request.method !== 'GET') throw new HttpError(405, 'The sidebar page is read with GET.', { Allow: 'GET' });
      return servePage(response, sidebarHtmlPath);
    }
    if (url.pathname === '/files') {
      if (request.method !== 'GET')
        throw new HttpError(405, 'The Model files page is read with GET.', { Allow: 'GET' });
      return servePage(response, filesHtmlPath);
    }
    throw new HttpError(404, `Nothing is served at ${url.pathname}.`);
  };

  const server = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) response.destroy();
      else sendJson(response, status, { error: message }, error instanceof HttpError ? error.headers : {});
    });
  });
  // Requests Node's HTTP parser cannot read still get an answer in the same form as every other refusal.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const text = JSON.stringify({ error: `The request is not well-formed HTTP (${error.code ?? error.message}).` });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
