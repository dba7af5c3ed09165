/**
 * The playground runs server calls in a worker thread: while a long training call works, the HTTP server keeps
 * answering — the page's files and refusals — and the calls queued behind it run after it. Checked by the order in which
 * answers arrive, not by timing: the long call must still be running when the others are answered.
 */
import { startPlayground } from '../../src/local/playground/playground';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { bytesToBase64 } from '../../src/shared/pixels';
import { SIDEBAR_HTML } from './sidebar-fixture';
import { rawRequest } from '../helpers/http';

let playground: RunningPlayground;

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const reply = await rawRequest(playground.port, method, path, {
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: reply.status, text: reply.text };
}

beforeAll(async () => {
  playground = await startPlayground({ port: 0, sidebarHtmlPath: SIDEBAR_HTML });
  const rpc = async (name: string, ...args: unknown[]): Promise<unknown> =>
    (JSON.parse((await send('POST', `/rpc/${name}`, { args })).text) as { result: unknown }).result;
  // The default network: 10,000 epochs of it cannot finish inside the call's 4-second budget on any machine.
  await rpc('buildModel', { specName: 'default', mode: 'values', seed: 5 });
  const { classes } = (await rpc('getModelInfo')) as { classes: string[] };
  for (const [k, label] of classes.entries()) {
    const pictures = [0, 1, 2].map((i) => ({
      name: `p${k}-${i}.png`,
      width: 28,
      height: 28,
      rgbBase64: bytesToBase64(Uint8Array.from({ length: 28 * 28 * 3 }, (_v, j) => (j * 31 + k * 70 + i * 11) % 256)),
    }));
    await rpc('addPictures', { label, pictures });
  }
});
afterAll(async () => {
  await playground?.close();
});

it('answers the page, refusals and queued calls while a training call works', async () => {
  const order: string[] = [];
  // Many epochs: the call works until its 4-second budget ends.
  const training = send('POST', '/rpc/trainBatch', {
    args: [{ optimizer: 'sgd', learningRate: 0.01, batchSize: 2, epochs: 10_000, budgetMs: 4000 }],
  }).then((answer) => {
    order.push('training');
    return answer;
  });
  // Give the worker the training call first (the HTTP thread hands it over as soon as its body is read).
  await new Promise((resolve) => setImmediate(resolve));
  const styles = await send('GET', '/playground.css');
  order.push('styles');
  const refused = await send('POST', '/rpc/noSuchFunction', { args: [] });
  order.push('refusal');
  expect(styles.status).toBe(200);
  expect(refused.status).toBe(404);
  // A call the worker must run waits its turn, then answers.
  const [trained, queued] = await Promise.all([training, send('POST', '/rpc/getModelInfo', { args: [] })]);
  expect(trained.status).toBe(200);
  expect((JSON.parse(trained.text) as { result: { status: string } }).result.status).toBe('running');
  expect(queued.status).toBe(200);
  expect(order).toEqual(['styles', 'refusal', 'training']);
});
