/**
 * `npm start`: the local playground. The add-on's real sidebar (dist/Sidebar.html, its google.script.run
 * calls answered by the same server code as in Google Sheets) beside a live view of the workbook it changes,
 * on a local spreadsheet engine. Listens on 127.0.0.1 only. `npm start -- --port 8080` picks the port.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadPageAssets } from './playground-assets';
import type { AppReply, AppRequest, WorkbookAccess } from './playground-app';
import { playgroundRoutes } from './playground-routes';
import { RequestWorker } from './request-worker';
import { startRpcServer } from './rpc-server';
import type { RpcAnswer, RunningRpcServer } from './rpc-server';

export const DEFAULT_PORT = 8787;
const SIDEBAR_HTML = path.resolve(__dirname, '../../../dist/Sidebar.html');

export interface RunningPlayground extends RunningRpcServer {
  /** Calls a server function as the sidebar does; rejects with its message when it refuses. */
  rpc(method: string, ...args: unknown[]): Promise<unknown>;
  /** Calls the workbook directly (reads, and writes that count as changes), e.g. to check what a test did. */
  workbook(method: WorkbookAccess, ...args: unknown[]): Promise<unknown>;
}

export interface PlaygroundOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly sidebarHtmlPath?: string;
}

/** The reply's JSON, or its error as an Error. */
function unwrap(reply: AppReply): unknown {
  const json = ('json' in reply ? reply.json : null) as { error?: string; result?: unknown } | null;
  if (reply.status !== 200) throw new Error(json?.error ?? `status ${reply.status}`);
  return json;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<RunningPlayground> {
  const sidebarHtmlPath = options.sidebarHtmlPath ?? SIDEBAR_HTML;
  if (!existsSync(sidebarHtmlPath))
    throw new Error(`The sidebar page ${sidebarHtmlPath} is missing: run npm run build first (npm start does).`);
  // Run from TypeScript (npm start, the tests), the worker runs playground-worker.ts.
  const worker = new RequestWorker<AppRequest, AppReply>(
    path.join(__dirname, `playground-worker${path.extname(__filename)}`),
    {
      name: "The playground's worker",
      recovery: 'restart npm start',
    },
  );
  const app = (request: AppRequest): Promise<AppReply> => worker.request(request);
  const backend = async (method: string, args: unknown[]): Promise<RpcAnswer> => {
    const reply = await app({ kind: 'rpc', method, args });
    const json = ('json' in reply ? reply.json : {}) as { result?: unknown; error?: string };
    return reply.status === 200
      ? { result: json.result }
      : { status: reply.status, error: json.error ?? `status ${reply.status}` };
  };
  let server: RunningRpcServer;
  try {
    server = await startRpcServer({
      backend,
      port: options.port ?? DEFAULT_PORT,
      sidebarHtmlPath,
      extraRoutes: playgroundRoutes(loadPageAssets(), app),
    });
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return {
    ...server,
    rpc: async (method, ...args) => (unwrap(await app({ kind: 'rpc', method, args })) as { result: unknown }).result,
    workbook: async (method, ...args) => unwrap(await app({ kind: 'workbook', method, args })),
    close: async () => {
      await server.close();
      await worker.stop();
    },
  };
}

const HELP = `Sheet CNN playground: the add-on's sidebar beside a live workbook, in your browser, without a Google account.

Usage: npm start [-- --port N]

  --port N   port on 127.0.0.1 to listen on (default ${DEFAULT_PORT})
  --help     show this text
`;

function parsePort(argv: readonly string[]): number | 'help' {
  let port = DEFAULT_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--port(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown option "${arg}". Run npm start -- --help to see the options.`);
    const text = match[1] ?? argv[++i] ?? '';
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
      throw new Error(`--port must be a whole number from 1 to 65535; got "${text}".`);
    port = Number(text);
  }
  return port;
}

async function main(argv: readonly string[]): Promise<number> {
  let port: number | 'help' = DEFAULT_PORT;
  try {
    port = parsePort(argv);
    if (port === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    const playground = await startPlayground({ port });
    process.stdout.write(`Sheet CNN playground: open ${playground.url} in your browser (Ctrl+C stops it).\n`);
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const next = typeof port === 'number' ? port + 1 : DEFAULT_PORT + 1;
    const message =
      code === 'EADDRINUSE'
        ? `Port ${port} is in use by another program; choose another with npm start -- --port ${next}.`
        : (error as Error).message;
    process.stderr.write(`${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
