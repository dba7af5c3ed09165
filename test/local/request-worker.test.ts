/**
 * The worker thread behind the playground and the sidebar tests' server answers requests one at a time; a
 * request whose handler throws is refused with the handler's message, and the requests after it are answered.
 */
import * as path from 'node:path';
import { RequestWorker } from '../../src/local/playground/request-worker';
import type { EchoRequest } from '../helpers/echo-worker';

test('a throwing handler rejects only its own request; later requests are still answered in order', async () => {
  const worker = new RequestWorker<EchoRequest, number>(path.join(__dirname, '../helpers/echo-worker.ts'), {
    name: 'The echo worker',
    recovery: 'rerun the test',
  });
  try {
    const answers = [worker.request({ n: 1 }), worker.request({ n: 2, fail: true }), worker.request({ n: 3 })];
    await expect(answers[0]).resolves.toBe(2);
    await expect(answers[1]).rejects.toThrow('refused request 2');
    await expect(answers[2]).resolves.toBe(6);
  } finally {
    await worker.stop();
  }
});
