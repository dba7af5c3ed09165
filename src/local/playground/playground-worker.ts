/**
 * The playground's worker thread: holds the workbook and answers the HTTP thread's requests one at a time, so
 * a 25-second training call keeps the page, its files and every refusal answering meanwhile.
 */
import { createPlaygroundApp } from './playground-app';
import type { AppReply, AppRequest } from './playground-app';
import { answerRequests } from './request-worker';

const app = createPlaygroundApp();
answerRequests<AppRequest, AppReply>(
  (request) => app.handle(request),
  'playground-worker.ts runs as a worker thread of the playground (npm start).',
);
