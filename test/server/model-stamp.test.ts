/**
 * The model stamp the sidebar polls: two Workbook calls whatever the model's size, the same text while
 * nothing changes, and a new one after any edit a person or a colleague's sidebar can make.
 */
import { filterCell, mapCell } from '../../src/sheet/layout';
import { DENSE_SHEET, MODEL_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { newServer, picture } from './server-fixture';

test('the stamp costs two calls and changes with every pixel, weight, label, class or rebuild', () => {
  const { api, counting, inner } = newServer();
  expect(api.getModelStamp()).toBe('none');
  api.buildModel({ specName: 'small', mode: 'native', seed: 3 });
  const stamps = [api.getModelStamp()];
  const next = (): string => {
    const stamp = api.getModelStamp();
    expect(stamps).not.toContain(stamp);
    stamps.push(stamp);
    return stamp;
  };

  counting.reset();
  expect(api.getModelStamp()).toBe(stamps[0]);
  expect(counting.counts()).toEqual({ sheetNames: 1, readValues: 1 });
  // Columns B–E (settings, layer summary, checksum) from row 4 to the last possible class row.
  expect(counting.cellsRead()).toBeLessThanOrEqual(4 * 56);

  // A weight typed in the grid, then put back: the stamp follows the values, not the history.
  const weight = filterCell(3, 1, 2, 1, 1);
  const old = inner.readValues(filtersSheet(0), { ...weight, rows: 1, cols: 1 })[0][0];
  inner.writeCells(filtersSheet(0), weight.row, weight.col, [[0.125]]);
  next();
  inner.writeCells(filtersSheet(0), weight.row, weight.col, [[old]]);
  expect(api.getModelStamp()).toBe(stamps[0]);

  // Two weights changed so that their sum stays: the sum of squares does not.
  inner.writeCells(DENSE_SHEET, 4, 2, [[0.5, -0.25]]);
  next();
  inner.writeCells(DENSE_SHEET, 4, 2, [[0.25, 0]]);
  next();

  const pixel = mapCell(1, 5, 5, 0, 2, 2);
  inner.writeCells('G', pixel.row, pixel.col, [[200]]);
  next();
  api.setLabel(1);
  next();
  api.renameClass(0, 'Ada');
  next();
  api.importImage(picture('p', 5, 5, 9));
  next();
  api.buildModel({ specName: 'small', mode: 'values', seed: 3 });
  next();
  inner.writeCells(MODEL_SHEET, 6, 2, [[4]]);
  next();
});
