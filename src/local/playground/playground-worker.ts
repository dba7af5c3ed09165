/**
 * The playground's worker thread: holds the workbook and answers the HTTP thread's requests one at a time, so
 * a 25-second training call keeps the page, its files and every refusal answering meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import { createPlaygroundApp } from './playground-app';
import type { AppRequest } from './playground-app';

const port = parentPort;
if (port === null) throw new Error('playground-worker.ts runs as a worker thread of the playground (npm start).');
const app = createPlaygroundApp();
// One request at a time, in arrival order, even across an export's awaits.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: { id: number; request: AppRequest }) => {
  queue = queue.then(async () => port.postMessage({ id: message.id, reply: await app.handle(message.request) }));
});
