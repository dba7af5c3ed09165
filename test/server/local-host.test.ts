import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';

describe('createLocalHost', () => {
  it('has a document lock that refuses while held and is free again after release', () => {
    const host = createLocalHost();
    expect(host.lock.tryLock(1000)).toBe(true);
    expect(host.lock.isHeld()).toBe(true);
    expect(host.lock.tryLock(1000)).toBe(false);
    host.lock.releaseLock();
    expect(host.lock.isHeld()).toBe(false);
    expect(host.lock.tryLock(0)).toBe(true);
  });

  it('answers with the given user name and clock, and setClock replaces the clock', () => {
    const workbook = new LocalWorkbook();
    const host = createLocalHost(workbook, { userName: 'alice@example.com', now: () => 1000 });
    expect(host.workbook).toBe(workbook);
    expect(host.userName()).toBe('alice@example.com');
    expect(host.now()).toBe(1000);
    let t = 5000;
    host.setClock(() => (t += 10));
    expect([host.now(), host.now()]).toEqual([5010, 5020]);
  });

  it('starts on an empty local workbook with the real clock and no user name', () => {
    const host = createLocalHost();
    expect(host.workbook.sheetNames()).toEqual([]);
    expect(host.userName()).toBe('');
    const before = Date.now();
    const now = host.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
