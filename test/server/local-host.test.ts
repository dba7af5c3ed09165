import { createLocalHost } from '../../src/local/local-host';
import { LocalWorkbook } from '../../src/local/local-workbook';

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

  it('gives a second person the same workbook, lock and clock under their own name', () => {
    const workbook = new LocalWorkbook();
    const alice = createLocalHost(workbook, { userName: 'alice@example.com', now: () => 1000 });
    const bob = alice.asUser('bob@example.com');
    expect(bob.workbook).toBe(workbook);
    expect([alice.userName(), bob.userName()]).toEqual(['alice@example.com', 'bob@example.com']);
    expect(alice.lock.tryLock(0)).toBe(true);
    expect(bob.lock.tryLock(0)).toBe(false);
    expect(bob.now()).toBe(1000);
    let t = 5000;
    bob.setClock(() => (t += 10));
    expect([alice.now(), bob.now()]).toEqual([5010, 5020]);
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
