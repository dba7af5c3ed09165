/**
 * `npm start`: the local playground. The add-on's real sidebar (dist/Sidebar.html, its google.script.run
 * calls answered by the same server code as in Google Sheets) beside a live view of the workbook it changes,
 * on a local spreadsheet engine. Listens on 127.0.0.1 only. `npm start -- --port 8080` picks the port.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CountingWorkbook } from '../sheet/counting-workbook';
import type { WorkbookMethod } from '../sheet/counting-workbook';
import { createLocalHost } from './local-host';
import type { LocalHost } from './local-host';
import { LocalWorkbook } from './local-workbook';
import { loadPageAssets } from './playground-assets';
import { playgroundRoutes } from './playground-routes';
import type { PlaygroundWorkbook } from './playground-routes';
import { startRpcServer } from './rpc-server';
import type { RunningRpcServer } from './rpc-server';

export const DEFAULT_PORT = 8787;
const SIDEBAR_HTML = path.resolve(__dirname, '../../dist/Sidebar.html');

/** The Workbook calls that change something: each one moves the revision the page watches. */
const CHANGES: readonly WorkbookMethod[] = [
  'ensureSheet',
  'deleteSheet',
  'clearSheet',
  'writeCells',
  'setNumberFormat',
  'setColumnWidths',
  'setRowHeights',
  'setFrozenRows',
  'setNotes',
  'setColorRules',
];

/** A local workbook whose changes are counted, so the page can tell when to read it again. */
export function playgroundWorkbook(local = new LocalWorkbook()): PlaygroundWorkbook {
  const shared = new CountingWorkbook(local);
  return {
    local,
    shared,
    revision: () => {
      const counts = shared.counts();
      return CHANGES.reduce((sum, method) => sum + (counts[method] ?? 0), 0);
    },
  };
}

export interface RunningPlayground extends RunningRpcServer {
  readonly workbook: PlaygroundWorkbook;
  readonly host: LocalHost;
}

export interface PlaygroundOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly sidebarHtmlPath?: string;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<RunningPlayground> {
  const sidebarHtmlPath = options.sidebarHtmlPath ?? SIDEBAR_HTML;
  if (!existsSync(sidebarHtmlPath)) throw new Error(`The sidebar page ${sidebarHtmlPath} is missing: run npm run build first (npm start does).`);
  const workbook = playgroundWorkbook();
  const host = createLocalHost(workbook.shared);
  const server = await startRpcServer({ host, port: options.port ?? DEFAULT_PORT, sidebarHtmlPath, extraRoutes: playgroundRoutes(workbook, loadPageAssets(), host.selection) });
  return { ...server, workbook, host };
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
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new Error(`--port must be a whole number from 1 to 65535; got "${text}".`);
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
    const message = code === 'EADDRINUSE' ? `Port ${port} is in use by another program; choose another with npm start -- --port ${next}.` : (error as Error).message;
    process.stderr.write(`${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
