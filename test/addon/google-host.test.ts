/**
 * The add-on's Host, built from the (faked) Apps Script globals exactly as in Google Sheets.
 */
import { googleHost } from '../../src/addon/google-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createFakeAppsScript, FakeEnvironmentOptions } from '../helpers/apps-script-fakes';

function withAppsScript<T>(options: Omit<FakeEnvironmentOptions, 'backing'>, work: (local: LocalWorkbook) => T): T {
  const local = new LocalWorkbook();
  local.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: local, ...options });
  const scope = globalThis as Record<string, unknown>;
  const saved = Object.keys(fake.globals).map((name) => [name, Object.getOwnPropertyDescriptor(scope, name)] as const);
  Object.assign(scope, fake.globals);
  try {
    return work(local);
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(scope, name, descriptor);
      else delete scope[name];
    }
  }
}

test('the workbook is the active spreadsheet and the lock is the document lock', () => {
  withAppsScript({}, (local) => {
    const host = googleHost();
    host.workbook.writeCells('Sheet1', 2, 2, [[1, '=B2+1']]);
    expect(local.readValues('Sheet1', { row: 2, col: 2, rows: 1, cols: 2 })).toEqual([[1, 2]]);
    expect(host.lock.tryLock(1000)).toBe(true);
    expect(googleHost().lock.tryLock(1000)).toBe(false);
    host.lock.releaseLock();
    expect(googleHost().lock.tryLock(1000)).toBe(true);
  });
});

test('without the userinfo.email scope (our manifest) the user name is empty instead of an error', () => {
  withAppsScript({}, () => expect(googleHost().userName()).toBe(''));
});

test('where Google reveals the e-mail address, it is the user name', () => {
  withAppsScript({ userEmail: 'ada@example.com' }, () => expect(googleHost().userName()).toBe('ada@example.com'));
});

test('now() is the clock', () => {
  withAppsScript({}, () => {
    const before = Date.now();
    const now = googleHost().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
