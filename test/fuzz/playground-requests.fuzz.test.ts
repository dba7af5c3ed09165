/**
 * Fuzzing the playground's HTTP server (fast-check, fixed seed): random methods, paths, headers and bodies,
 * and RPC calls of every server function with arbitrary JSON arguments. Every answer must be a deliberate one —
 * 2xx, or 4xx with a JSON {error} message — never 500 (a fault in our code) and never a dropped connection;
 * and the server must still answer normally afterwards.
 */
import fc from 'fast-check';
import { startPlayground } from '../../src/local/playground/playground';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { ENDPOINT_ARITY } from '../../src/local/playground/rpc-server';
import { SIDEBAR_HTML } from '../browser/sidebar-fixture';
import { recordMeasurement } from '../helpers/measurements';
import { rawRequest } from '../helpers/http';

const SEED = 20261130;
const RUNS = 300;
/** Fewer (about ten per endpoint): some of these build whole models. */
const RPC_RUNS = 240;
const ALLOWED = new Set([200, 400, 403, 404, 405, 409, 413, 415, 422]);

/** Every server function, with the number of arguments the server expects. */
const METHODS = Object.keys(ENDPOINT_ARITY) as (keyof typeof ENDPOINT_ARITY)[];
const PATHS = [
  '/',
  '/index.html',
  '/playground.js',
  '/playground.css',
  '/workbook/sheets',
  '/workbook/sheet',
  '/workbook/cell',
  '/workbook/edit',
  '/workbook/export.xlsx',
  '/rpc/',
  ...METHODS.map((m) => `/rpc/${m}`),
];

let playground: RunningPlayground;
const statuses = new Map<number, number>();

beforeAll(async () => {
  playground = await startPlayground({ port: 0, sidebarHtmlPath: SIDEBAR_HTML });
});
afterAll(async () => {
  await playground?.close();
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  recordMeasurement(
    `playground fuzz, seed ${SEED}: ${total} requests — ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
  );
});

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<Answer> {
  const reply = await rawRequest(playground.port, method, path, {
    headers: { Host: `127.0.0.1:${playground.port}`, ...headers },
    body: body ?? undefined,
  });
  return { status: reply.status, type: String(reply.headers['content-type']), body: reply.text };
}

function expectDeliberate(answer: Answer, method: string, what: string): void {
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  if (!ALLOWED.has(answer.status)) throw new Error(`${what} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  if (answer.status >= 400 && method !== 'HEAD') {
    expect(answer.type).toMatch(/^application\/json/);
    const error = (JSON.parse(answer.body) as { error?: unknown }).error;
    expect(typeof error).toBe('string');
    expect((error as string).length).toBeGreaterThan(10);
  }
}

const text = fc.string({ maxLength: 30 });
const header = fc
  .tuple(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1:1') },
    ),
  )
  .map(([type, origin]): Record<string, string> => ({
    'Content-Type': type,
    ...(origin === null ? {} : { Origin: origin }),
  }));

describe('the playground server under random requests', () => {
  it('answers every request deliberately', async () => {
    const pathArb = fc.oneof(
      fc.constantFrom(...PATHS),
      fc
        .tuple(fc.constantFrom(...PATHS), text)
        .map(([p, q]) => `${p}?${encodeURIComponent(q)}=${encodeURIComponent(q)}`),
      fc.constantFrom(
        '/workbook/sheet?name=R',
        '/workbook/cell?sheet=R&row=4&col=2',
        '/workbook/cell?sheet=R&row=0&col=99999999',
        '/rpc/%E0%A4%A',
        '/rpc/__proto__',
        '/../etc/passwd',
        '//x',
        '/rpc/constructor',
      ),
      text.map((t) => `/${encodeURIComponent(t)}`),
    );
    const bodyArb = fc.oneof(
      fc.constant(null),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }).map((args) => Buffer.from(JSON.stringify({ args }))),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        pathArb,
        header,
        bodyArb,
        async (method, path, headers, body) => {
          const answer = await send(method, path, headers, method === 'GET' || method === 'HEAD' ? null : body);
          expectDeliberate(answer, method, `${method} ${path}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('refuses arbitrary arguments to every server function with a message', async () => {
    // Near-misses of real requests as well as arbitrary JSON: objects with the right field names and wrong values.
    const field = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(
        'small',
        'default',
        'custom',
        'native',
        'values',
        'sgd',
        -1,
        0,
        1e9,
        'x'.repeat(200),
        '=HYPERLINK("x")',
      ),
    );
    const requestLike = fc.dictionary(
      fc.constantFrom(
        'specName',
        'mode',
        'seed',
        'classes',
        'name',
        'width',
        'height',
        'rgbBase64',
        'label',
        'pictures',
        'optimizer',
        'learningRate',
        'batchSize',
        'epochs',
        'budgetMs',
        'index',
        'picture',
        'layout',
        'layers',
        'spec',
        'conv',
        'dense',
        'sheet',
        'ranges',
      ),
      field,
      { maxKeys: 6 },
    );
    const arg = fc.oneof(fc.jsonValue({ maxDepth: 3 }), requestLike);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.array(arg, { maxLength: 3 }),
        fc.boolean(),
        async (method, drawn, rightCount) => {
          // Mostly the right number of arguments, so the server code itself sees them.
          const args = rightCount ? Array.from({ length: ENDPOINT_ARITY[method] }, (_v, i) => drawn[i] ?? {}) : drawn;
          const answer = await send(
            'POST',
            `/rpc/${method}`,
            { 'Content-Type': 'application/json' },
            Buffer.from(JSON.stringify({ args })),
          );
          expectDeliberate(answer, 'POST', `${method}(${JSON.stringify(args).slice(0, 200)})`);
        },
      ),
      { seed: SEED, numRuns: RPC_RUNS },
    );
    const after = await send(
      'POST',
      '/rpc/getModelInfo',
      { 'Content-Type': 'application/json' },
      Buffer.from('{"args":[]}'),
    );
    expect(after.status).toBe(200);
    expect((await send('GET', '/', {}, null)).status).toBe(200);
  });
});
