/** A request worker for test/local/request-worker.test.ts: doubles a number, and refuses a request marked to fail. */
import { answerRequests } from '../../src/local/playground/request-worker';

export interface EchoRequest {
  readonly n: number;
  readonly fail?: boolean;
}

answerRequests<EchoRequest, number>(async (request) => {
  if (request.fail === true) throw new Error(`refused request ${request.n}`);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return 2 * request.n;
}, 'echo-worker.ts runs as a worker thread of request-worker.test.ts.');
