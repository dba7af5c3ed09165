/**
 * The sidebar tests' server, in a worker thread: the local RPC server over a fresh LocalHost, and the test's
 * own calls on the same host (server functions, workbook reads and writes, sheet helpers, the document lock).
 * A 25-second training call then blocks this thread only, so Jest's timers and Playwright's messages keep
 * running beside it.
 */
import { workerData } from 'node:worker_threads';
import { createServer } from '../../src/server';
import { createLocalHost } from '../../src/local/engine/local-host';
import { answerRequests } from '../../src/local/playground/request-worker';
import { startRpcServer } from '../../src/local/playground/rpc-server';
import { readModel } from '../../src/sheet/whole-model';
import { ensureTrainStateSheet, writeTrainer } from '../../src/sheet/train-state-sheet';

/** Functions of src/sheet a test runs on the server's workbook (its first argument). */
export const SHEET_HELPERS = { readModel, ensureTrainStateSheet, writeTrainer };

export interface ServerWorkerData {
  readonly sidebarHtmlPath: string;
  readonly addOnFolder: string;
  readonly userName: string;
}

export type ServerWorkerRequest =
  | { readonly kind: 'url' }
  | { readonly kind: 'close' }
  | { readonly kind: 'server' | 'workbook' | 'sheet' | 'lock'; readonly name: string; readonly args: unknown[] };

/** A call's result, or the message of what it threw. */
export type ServerWorkerReply = { readonly result: unknown } | { readonly error: string };

const options = workerData as ServerWorkerData;
const host = createLocalHost(undefined, {
  userName: options.userName,
  addOnFolder: options.addOnFolder,
});
const api = createServer(host);
const rpc = startRpcServer({ host, sidebarHtmlPath: options.sidebarHtmlPath });
// Kept from the first rejection until a request reads it.
rpc.catch(() => undefined);

type AnyFunction = (...args: unknown[]) => unknown;

/** The named function of what the request targets, bound to it. */
function target(kind: 'server' | 'workbook' | 'sheet' | 'lock', name: string): AnyFunction {
  const owner: object = { server: api, workbook: host.workbook, lock: host.lock, sheet: SHEET_HELPERS }[kind];
  const fn = (owner as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`There is no ${kind} function named "${name}".`);
  return kind === 'sheet' ? (...args) => (fn as AnyFunction)(host.workbook, ...args) : (fn as AnyFunction).bind(owner);
}

async function handle(request: ServerWorkerRequest): Promise<ServerWorkerReply> {
  try {
    if (request.kind === 'url') return { result: (await rpc).url };
    if (request.kind === 'close') return { result: await (await rpc).close() };
    return { result: target(request.kind, request.name)(...request.args) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

answerRequests(handle, 'sidebar-server-worker.ts runs as a worker thread of the sidebar tests (sidebar-fixture.ts).');
