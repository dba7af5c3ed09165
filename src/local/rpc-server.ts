/**
 * A local HTTP server for the sidebar without Google: GET / serves the built sidebar (dist/Sidebar.html) with
 * a google.script.run shim, and POST /rpc/<method> runs that ServerApi method of the real server code on a
 * Host (normally over a LocalWorkbook). Bound to 127.0.0.1 only; every request is checked before it runs.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createServer } from '../server';
import type { Host } from '../server/host';
import type { ServerApi } from '../shared/api';
import { injectShim } from './rpc-shim';

/** Arguments each endpoint takes; `satisfies` keeps this list in step with ServerApi (no missing or extra names). */
const ARITY = {
  getModelInfo: 0,
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
} as const satisfies Record<keyof ServerApi, number>;

type Method = keyof typeof ARITY;

function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(ARITY, name);
}

/** Largest request body: room for a batch of dataset pictures (a 111×111 picture is ~50 KB of base64). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A request that is refused before reaching the server code. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
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
    throw new HttpError(415, `Send the request body as JSON with the header Content-Type: application/json (got "${type || 'none'}").`);
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new HttpError(413, `The request body is ${declared} bytes; the limit is ${maxBytes}. Send fewer pictures per call.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new HttpError(413, `The request body is over the limit of ${maxBytes} bytes. Send fewer pictures per call.`);
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
    throw new HttpError(400, `The path /rpc/${encoded.slice(0, 60)} is not valid percent-encoding; name a server function, e.g. /rpc/getModelInfo.`);
  }
}

/** The args array of an RPC body, checked against the method's argument count. */
function rpcArgs(method: Method, body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { args?: unknown }).args)) {
    throw new HttpError(400, 'The request body must be a JSON object {"args": [...]} holding the list of arguments.');
  }
  const args = (body as { args: unknown[] }).args;
  if (args.length !== ARITY[method]) {
    throw new HttpError(400, `${method} takes ${ARITY[method]} argument${ARITY[method] === 1 ? '' : 's'}; got ${args.length}.`);
  }
  return args;
}

/** An extra route, e.g. the playground's workbook view. */
export interface RpcRoute {
  readonly method: 'GET' | 'POST';
  /** Exact path, e.g. '/workbook'. */
  readonly path: string;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>;
}

export interface RpcServerOptions {
  readonly host: Host;
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

const DEFAULT_SIDEBAR_HTML = path.resolve(__dirname, '../../dist/Sidebar.html');
const DEFAULT_FILES_HTML = path.resolve(__dirname, '../../dist/Files.html');

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
  const api = createServer(options.host);
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
    let result: unknown;
    try {
      result = (api[name] as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      // The server code's own message (bad input, busy model, ...) is what the sidebar shows.
      throw new HttpError(500, error instanceof Error ? error.message : String(error));
    }
    sendJson(response, 200, { result });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    assertLocalCaller(request, port);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const extra = extraRoutes.find((route) => route.method === request.method && route.path === url.pathname);
    if (extra !== undefined) return extra.handle(request, response, url);
    if (url.pathname.startsWith('/rpc/')) {
      if (request.method !== 'POST') throw new HttpError(405, 'Call server functions with POST.');
      return callApi(request, response, methodName(url.pathname.slice('/rpc/'.length)));
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (request.method !== 'GET') throw new HttpError(405, 'The sidebar page is read with GET.');
      return servePage(response, sidebarHtmlPath);
    }
    if (url.pathname === '/files') {
      if (request.method !== 'GET') throw new HttpError(405, 'The Model files page is read with GET.');
      return servePage(response, filesHtmlPath);
    }
    throw new HttpError(404, `Nothing is served at ${url.pathname}.`);
  };

  const server = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) response.destroy();
      else sendJson(response, status, { error: message });
    });
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
