/**
 * A worker thread that answers one thread's requests one at a time, in arrival order, so a 25-second server call
 * keeps the sending thread (an HTTP server, a test runner) answering meanwhile. Both ends: RequestWorker in the
 * sending thread, answerRequests in the worker's module.
 */
import * as path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';

/** The hook that lets code run from source import *.wat files (npm start passes it to tsx too). */
const WAT_REQUIRE = path.resolve(__dirname, '../../../scripts/build/wat-require.cjs');

export interface RequestWorkerOptions {
  /** Data the worker's module reads as workerData. */
  readonly workerData?: unknown;
  /** Who the worker is and how to recover, for the message when it stops: e.g. "The playground's worker", "restart npm start". */
  readonly name: string;
  readonly recovery: string;
}

/** The worker's answer to one request: the handler's reply, or the message of what it threw. */
type Answer<Reply> = { readonly id: number; readonly reply: Reply } | { readonly id: number; readonly error: string };

/**
 * The worker running `file` (a .ts file when run from source: the worker registers tsx's loader and the .wat hook
 * first, as the main thread has them).
 */
export class RequestWorker<Request, Reply> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(file: string, options: RequestWorkerOptions) {
    const loader =
      path.extname(file) === '.ts'
        ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});require(${JSON.stringify(WAT_REQUIRE)});`
        : '';
    this.worker = new Worker(`${loader}require(${JSON.stringify(file)});`, {
      eval: true,
      workerData: options.workerData,
    });
    this.worker.on('message', (answer: Answer<Reply>) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.reply);
    });
    const fail = (error: Error): void => {
      this.stopped = error;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (error) =>
      fail(new Error(`${options.name} stopped (${error.message}); ${options.recovery}.`)),
    );
    this.worker.on('exit', (code) => fail(new Error(`${options.name} exited (code ${code}); ${options.recovery}.`)));
  }

  request(request: Request): Promise<Reply> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * In the worker's module: answers each request with `handle`, one at a time, in arrival order, even across its
 * awaits. A handler that throws rejects only its own request; the requests after it are still answered.
 */
export function answerRequests<Request, Reply>(
  handle: (request: Request) => Reply | Promise<Reply>,
  usage: string,
): void {
  const port = parentPort;
  if (port === null) throw new Error(usage);
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: { id: number; request: Request }) => {
    queue = queue.then(async () => {
      let answer: Answer<Reply>;
      try {
        answer = { id: message.id, reply: await handle(message.request) };
      } catch (error) {
        answer = { id: message.id, error: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(answer);
    });
  });
}
