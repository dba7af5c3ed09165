/**
 * The local RPC server behind the playground and the browser tests: every request is checked (method name,
 * body type and size, argument count, caller), errors come back as {error} with a 4xx/5xx status, and a valid
 * call returns exactly what the real server code returns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLocalHost } from '../../src/local/engine/local-host';
import { RunningRpcServer, startRpcServer } from '../../src/local/playground/rpc-server';
import { RPC_SHIM_SCRIPT } from '../../src/local/playground/rpc-shim';
import { createServer } from '../../src/server';
import { rawRequest } from '../helpers/http';

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  readonly allow: string;
}

async function send(
  port: number,
  method: string,
  urlPath: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const reply = await rawRequest(port, method, urlPath, {
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  return {
    status: reply.status,
    type: String(reply.headers['content-type']),
    text: reply.text,
    allow: String(reply.headers.allow),
  };
}

const rpc = (port: number, name: string, args: unknown[], headers: Record<string, string> = {}): Promise<Reply> =>
  send(port, 'POST', `/rpc/${name}`, JSON.stringify({ args }), headers);

describe('local RPC server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-rpc-'));
  const page = path.join(dir, 'Sidebar.html');
  const host = createLocalHost();
  let server: RunningRpcServer;

  beforeAll(async () => {
    writeFileSync(
      page,
      '<!DOCTYPE html><html><head><title>t</title></head><body><script>window.pageScript = 1;</script></body></html>',
    );
    server = await startRpcServer({
      host,
      sidebarHtmlPath: page,
      maxBodyBytes: 4096,
      extraRoutes: [
        {
          method: 'GET',
          path: '/extra',
          handle: (_req, res) => {
            res.end('extra route');
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    const address = server.server.address();
    expect(typeof address === 'object' && address !== null ? address.address : address).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('answers a call with what the server code returns', async () => {
    const reply = await rpc(server.port, 'getModelInfo', []);
    expect(reply.status).toBe(200);
    expect(reply.type).toMatch(/^application\/json/);
    expect(JSON.parse(reply.text)).toEqual({ result: JSON.parse(JSON.stringify(createServer(host).getModelInfo())) });
  });

  it('passes the server code’s own error message back with status 422 (understood, but cannot be done)', async () => {
    let thrown = '';
    try {
      createServer(host).setLabel(99);
    } catch (error) {
      thrown = (error as Error).message;
    }
    expect(thrown).not.toBe('');
    const reply = await rpc(server.port, 'setLabel', [99]);
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.text)).toEqual({ error: thrown });
  });

  it.each([
    [
      'an unknown method',
      () => rpc(server.port, 'deleteEverything', []),
      404,
      /no server function named "deleteEverything"/,
    ],
    ['a prototype name', () => rpc(server.port, 'constructor', []), 404, /no server function/],
    ['__proto__', () => rpc(server.port, '__proto__', []), 404, /no server function/],
    [
      'a method name that is not valid percent-encoding',
      () => rpc(server.port, '%E0%A4%A', []),
      400,
      /not valid percent-encoding; name a server function/,
    ],
    ['GET on a method', () => send(server.port, 'GET', '/rpc/getModelInfo'), 405, /POST/],
    [
      'a body that is not JSON',
      () => send(server.port, 'POST', '/rpc/getModelInfo', '{args: ['),
      400,
      /not valid JSON/,
    ],
    [
      'args that are not a list',
      () => send(server.port, 'POST', '/rpc/setLabel', '{"args": 1}'),
      400,
      /"args": \[\.\.\.\]/,
    ],
    ['a body that is a list', () => send(server.port, 'POST', '/rpc/getModelInfo', '[]'), 400, /JSON object/],
    ['too many arguments', () => rpc(server.port, 'getModelInfo', [1]), 400, /takes 0 arguments; got 1/],
    ['too few arguments', () => rpc(server.port, 'renameClass', [0]), 400, /takes 2 arguments; got 1/],
    [
      'a body over the size limit',
      () => rpc(server.port, 'addClass', ['x'.repeat(5000)]),
      413,
      /limit of 4096 bytes|limit is 4096/,
    ],
    [
      'a form post',
      () =>
        send(server.port, 'POST', '/rpc/getModelInfo', 'args=1', {
          'Content-Type': 'application/x-www-form-urlencoded',
        }),
      415,
      /Content-Type: application\/json/,
    ],
    [
      'another Host name (DNS rebinding)',
      () => rpc(server.port, 'getModelInfo', [], { Host: 'evil.example:80' }),
      403,
      /only answers requests addressed to/,
    ],
    [
      'another page’s Origin',
      () => rpc(server.port, 'getModelInfo', [], { Origin: 'http://evil.example' }),
      403,
      /other web pages/,
    ],
    ['an unknown path', () => send(server.port, 'GET', '/etc/passwd'), 404, /Nothing is served/],
    [
      'POST to a GET route',
      () => send(server.port, 'POST', '/extra', '{}'),
      405,
      /^\/extra answers GET only; got POST\.$/,
    ],
    ['DELETE on the page', () => send(server.port, 'DELETE', '/'), 405, /read with GET/],
    ['bad arguments the server code refuses', () => rpc(server.port, 'addClass', [42]), 422, /class name/i],
  ])('refuses %s', async (_what, make, status, message) => {
    const reply = await make();
    expect(reply.status).toBe(status);
    expect(reply.type).toMatch(/^application\/json/);
    expect(JSON.parse(reply.text).error).toMatch(message);
    if (status === 405) expect(reply.allow).toMatch(/^(GET|POST)$/);
  });

  it('answers 409 while the model is busy, so the caller knows to try again', async () => {
    expect(host.lock.tryLock(0)).toBe(true);
    try {
      const reply = await rpc(server.port, 'addClass', ['Ada Lovelace']);
      expect(reply.status).toBe(409);
      expect(JSON.parse(reply.text).error).toMatch(/^The model is busy/);
    } finally {
      host.lock.releaseLock();
    }
  });

  it('serves the sidebar page with the google.script.run shim as its first script', async () => {
    const reply = await send(server.port, 'GET', '/');
    expect(reply.status).toBe(200);
    expect(reply.type).toMatch(/^text\/html/);
    const shimAt = reply.text.indexOf(RPC_SHIM_SCRIPT);
    expect(shimAt).toBeGreaterThan(reply.text.indexOf('<head>'));
    expect(shimAt).toBeLessThan(reply.text.indexOf('window.pageScript'));
  });

  it('says how to build the page when it is missing', async () => {
    const other = await startRpcServer({ host, sidebarHtmlPath: path.join(dir, 'missing.html') });
    try {
      const reply = await send(other.port, 'GET', '/');
      expect(reply.status).toBe(500);
      expect(JSON.parse(reply.text).error).toMatch(/npm run build/);
    } finally {
      await other.close();
    }
  });

  it('serves extra routes', async () => {
    const reply = await send(server.port, 'GET', '/extra');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('extra route');
  });
});
