import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';

test('counts calls per method and per sheet, cells moved and time, and passes everything through', () => {
  let now = 0;
  const counting = new CountingWorkbook(new LocalWorkbook(), () => (now += 5));
  counting.ensureSheet('A');
  counting.ensureSheet('B');
  counting.writeCells('A', 1, 1, [
    [1, 2, 3],
    [4, 5, '=A1+B2'],
  ]);
  counting.writeCells('B', 2, 2, [[7]]);
  expect(counting.readValues('A', { row: 1, col: 1, rows: 2, cols: 3 })).toEqual([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  expect(counting.sheetNames()).toEqual(['A', 'B']);
  expect(counting.counts()).toEqual({ ensureSheet: 2, writeCells: 2, readValues: 1, sheetNames: 1 });
  expect(counting.countsBySheet()).toEqual({ A: 3, B: 2 });
  expect(counting.total()).toBe(6);
  expect([counting.cellsWritten(), counting.cellsRead()]).toEqual([7, 6]);
  expect(counting.elapsedMs()).toBe(6 * 5);
  counting.reset();
  expect([counting.total(), counting.cellsWritten(), counting.elapsedMs(), counting.counts()]).toEqual([0, 0, 0, {}]);
});

test('a call that throws is still counted and its error passes through', () => {
  const counting = new CountingWorkbook(new LocalWorkbook());
  expect(() => counting.clearSheet('Missing')).toThrow('Sheet "Missing" does not exist');
  expect(counting.counts()).toEqual({ clearSheet: 1 });
});
