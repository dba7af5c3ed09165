import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { a1Range } from '../../src/sheet/a1-notation';
import type { ColorRule } from '../../src/sheet/workbook';
import { textCell } from '../../src/sheet/workbook';

const block = (row: number, col: number, rows: number, cols: number) => ({ row, col, rows, cols });

describe('LocalWorkbook sheets and values', () => {
  it('creates sheets once, lists them in order and deletes them', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('R');
    wb.ensureSheet('Step 2 · Conv');
    wb.ensureSheet('R');
    expect(wb.sheetNames()).toEqual(['R', 'Step 2 · Conv']);
    wb.deleteSheet('R');
    expect(wb.sheetNames()).toEqual(['Step 2 · Conv']);
    expect(() => wb.readValues('R', block(1, 1, 1, 1))).toThrow('Sheet "R" does not exist');
  });

  it('reads back numbers, text, booleans and blanks as SpreadsheetApp does', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 2, 3, [
      [1.5, 'Jon Snow', true],
      [null, '', -0.25],
    ]);
    expect(wb.readValues('S', block(1, 2, 3, 4))).toEqual([
      ['', '', '', ''],
      ['', 1.5, 'Jon Snow', true],
      ['', '', '', -0.25],
    ]);
    expect(wb.usedSize('S')).toEqual({ rows: 3, cols: 5 });
  });

  it('refuses ragged blocks and bad ranges', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    expect(() => wb.writeCells('S', 1, 1, [[1, 2], [3]])).toThrow('row 2 has 1 cells but row 1 has 2');
    expect(() => wb.readValues('S', block(0, 1, 1, 1))).toThrow(
      'readValues on sheet "S": row 0, column 1, 1×1 is not a valid block; rows and columns start at 1 and a block has at least 1 row and 1 column.',
    );
    expect(() => wb.setNotes('S', block(1, 1, 2, 1), [['a']])).toThrow('got 1×1 notes for a 2×1 range');
  });

  it('refuses NaN and ±Infinity as Google Sheets would store them (an error cell), naming the cell and writing nothing', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 2, 2, [[1, 2]]);
    expect(() => wb.writeCells('S', 2, 2, [[5, NaN]])).toThrow(
      'writeCells on sheet "S": the value for C2 is NaN; only finite numbers can be written.',
    );
    expect(() => wb.writeCells('S', 1, 1, [[0], [-Infinity]])).toThrow('the value for A2 is -Infinity');
    expect(wb.readValues('S', block(1, 1, 2, 3))).toEqual([
      ['', '', ''],
      ['', 1, 2],
    ]);
  });
});

describe('LocalWorkbook formulas', () => {
  const x = [0.5, -1.25, 2];
  const w = [3, 0.5, -1];

  function build(): LocalWorkbook {
    const wb = new LocalWorkbook();
    wb.ensureSheet('In put'); // a name that needs quoting in references
    wb.ensureSheet('Out');
    wb.writeCells('In put', 1, 1, [x, w]);
    const xs = a1Range('In put', block(1, 1, 1, 3));
    const ws = a1Range('In put', block(2, 1, 1, 3));
    wb.writeCells('Out', 1, 1, [
      [
        `=SUM(${xs})`,
        `=SUMPRODUCT(${xs}, ${ws})`,
        `=EXP(${a1Range('In put', block(1, 3, 1, 1))})`,
        `=LN(A1)`,
        `=MAX(${xs})`,
        '=1/0',
      ],
    ]);
    return wb;
  }

  it('computes SUM, SUMPRODUCT, EXP, LN and MAX across sheets', () => {
    const wb = build();
    const [sum, dot, exp, ln, max, divZero] = wb.readValues('Out', block(1, 1, 1, 6))[0];
    const expectedSum = x[0] + x[1] + x[2];
    expect(sum).toBeCloseTo(expectedSum, 14);
    expect(dot).toBeCloseTo(x[0] * w[0] + x[1] * w[1] + x[2] * w[2], 14);
    expect(exp).toBeCloseTo(Math.exp(2), 12);
    expect(ln).toBeCloseTo(Math.log(expectedSum), 14);
    expect(max).toBe(2);
    expect(divZero).toBe('#DIV/0!');
    expect(wb.readErrorMessages('Out', block(1, 5, 1, 2))).toEqual([['', expect.stringMatching(/#DIV\/0!|zero/i)]]);
    expect(wb.readFormulas('Out', block(1, 1, 1, 2))).toEqual([
      ["=SUM('In put'!A1:C1)", "=SUMPRODUCT('In put'!A1:C1, 'In put'!A2:C2)"],
    ]);
    expect(wb.readFormulas('In put', block(1, 1, 1, 1))).toEqual([['']]);
  });

  it('recalculates dependants when a cell changes, and defers it to the end of a batch', () => {
    const wb = build();
    wb.writeCells('In put', 1, 3, [[4]]);
    const after = wb.readValues('Out', block(1, 1, 1, 5))[0];
    expect(after[0]).toBeCloseTo(0.5 - 1.25 + 4, 14);
    expect(after[1]).toBeCloseTo(0.5 * 3 - 1.25 * 0.5 - 4, 14);
    expect(after[2]).toBeCloseTo(Math.exp(4), 10);
    wb.batch(() => {
      wb.writeCells('In put', 2, 1, [[1, 1, 1]]);
      wb.writeCells('In put', 1, 1, [[1, 1, 1]]);
      // Evaluation is suspended inside a batch: values cannot be read until it ends.
      expect(() => wb.readValues('Out', block(1, 1, 1, 1))).toThrow();
    });
    expect(wb.readValues('Out', block(1, 1, 1, 2))).toEqual([[3, 3]]);
  });

  it('resolves references built by the layout to sheets whose names need quoting', () => {
    const wb = new LocalWorkbook();
    for (const name of ["Bob's weights", 'A1', 'Sum']) wb.ensureSheet(name);
    wb.writeCells("Bob's weights", 2, 2, [[5, 6]]);
    wb.writeCells('A1', 1, 1, [[7]]);
    const one = block(1, 1, 1, 1);
    wb.writeCells('Sum', 1, 1, [[`=SUM(${a1Range("Bob's weights", block(2, 2, 1, 2))}) * ${a1Range('A1', one)}`]]);
    expect(wb.readValues('Sum', one)).toEqual([[77]]);
  });

  it('clears a sheet completely', () => {
    const wb = build();
    wb.setNotes('Out', block(1, 1, 1, 1), [['sum']]);
    wb.clearSheet('Out');
    expect(wb.usedSize('Out')).toEqual({ rows: 0, cols: 0 });
    expect(wb.readValues('Out', block(1, 1, 1, 2))).toEqual([['', '']]);
    expect(wb.snapshot('Out').notes).toEqual([]);
  });
});

describe('LocalWorkbook formatting kept as data', () => {
  const diverging = (range: { row: number; col: number; rows: number; cols: number }): ColorRule => ({
    ranges: [range],
    min: { color: '#2166ac' },
    mid: { color: '#ffffff', value: 0 },
    max: { color: '#b2182b' },
  });

  it('replaces all colour rules of a sheet on each call', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.ensureSheet('T');
    wb.setColorRules('S', [diverging(block(4, 2, 3, 3)), diverging(block(4, 6, 3, 3))]);
    wb.setColorRules('T', [diverging(block(1, 1, 1, 1))]);
    expect(wb.snapshot('S').colorRules).toHaveLength(2);
    const probabilities: ColorRule = {
      ranges: [block(4, 2, 3, 1)],
      min: { color: '#ffffff', value: 0 },
      max: { color: '#1a9850', value: 1 },
    };
    wb.setColorRules('S', [probabilities]);
    expect(wb.snapshot('S').colorRules).toEqual([probabilities]);
    expect(wb.snapshot('T').colorRules).toHaveLength(1);
    wb.setColorRules('S', []);
    expect(wb.snapshot('S').colorRules).toEqual([]);
  });

  it('keeps notes, number formats, column widths and frozen rows', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.setNotes('S', block(4, 2, 1, 2), [['weight of filter 1', 'bias']]);
    wb.setNotes('S', block(4, 3, 1, 1), [['']]);
    wb.setNumberFormat('S', block(4, 2, 10, 10), '0.000');
    wb.setNumberFormat('S', block(4, 2, 1, 1), '0.0%');
    wb.setColumnWidths('S', 2, 3, 48);
    wb.setFrozenRows('S', 3);
    const snap = wb.snapshot('S');
    expect(snap.notes).toEqual([{ row: 4, col: 2, note: 'weight of filter 1' }]);
    expect(snap.numberFormats.map((f) => f.format)).toEqual(['0.000', '0.0%']);
    expect(wb.numberFormatAt('S', 4, 2)).toBe('0.0%');
    expect(wb.numberFormatAt('S', 5, 2)).toBe('0.000');
    expect(wb.numberFormatAt('S', 1, 1)).toBeUndefined();
    // Setting formats again over the same cells (each forward pass does) replaces the entries they cover.
    wb.setNumberFormat('S', block(4, 2, 10, 10), '0.00');
    expect(wb.snapshot('S').numberFormats.map((f) => f.format)).toEqual(['0.00']);
    expect(wb.numberFormatAt('S', 4, 2)).toBe('0.00');
    wb.setWrap('S', block(5, 2, 1, 2));
    wb.setWrap('S', block(5, 2, 1, 2));
    expect(wb.snapshot('S').wrapped).toEqual([block(5, 2, 1, 2)]);
    expect([wb.isWrapped('S', 5, 3), wb.isWrapped('S', 5, 4)]).toEqual([true, false]);
    expect([...snap.columnWidths.entries()]).toEqual([
      [2, 48],
      [3, 48],
      [4, 48],
    ]);
    expect(snap.frozenRows).toBe(3);
    // The snapshot is a copy: later changes do not leak into it.
    wb.setFrozenRows('S', 1);
    expect(snap.frozenRows).toBe(3);
    expect(() => wb.setFrozenRows('S', -1)).toThrow('rows must be a whole number ≥ 0');
    expect(() => wb.setColumnWidths('S', 1, 1, 0)).toThrow('width must be a positive number of pixels');
  });
});

describe('LocalWorkbook text rule and Google Sheets limits', () => {
  const looksLikeOtherThings = ['0012', '1e3', '50%', '$5', 'TRUE', '1/2/2020', '12:30', '+1', '-2', ' 12', '#N/A'];

  it('keeps every plain string as text, however it looks, and a leading apostrophe marks text without being stored', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 1, 1, [looksLikeOtherThings]);
    expect(wb.readValues('S', block(1, 1, 1, looksLikeOtherThings.length))).toEqual([looksLikeOtherThings]);
    wb.writeCells('S', 2, 1, [[textCell('=1+1'), textCell("'quoted"), '=1+1', "'0012"]]);
    expect(wb.readValues('S', block(2, 1, 1, 4))).toEqual([['=1+1', "'quoted", 2, '0012']]);
    expect(wb.readFormulas('S', block(2, 1, 1, 4))).toEqual([['', '', '=1+1', '']]);
  });

  it('parses typed input the way SpreadsheetApp.setValues does (writeTyped, used by the fake)', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeTyped('S', 1, 1, [['0012', 'TRUE', '50%', "'0012", '=2*3']]);
    expect(wb.readValues('S', block(1, 1, 1, 5))).toEqual([[12, true, 0.5, '0012', 6]]);
  });

  it("stores any string as text in a cell formatted @ (plain text), a formula's text too", () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.setNumberFormat('S', block(1, 1, 1, 3), '@');
    wb.writeCells('S', 1, 1, [['=1+1', '0012', textCell('TRUE')]]);
    expect(wb.readValues('S', block(1, 1, 1, 3))).toEqual([['=1+1', '0012', 'TRUE']]);
    expect(wb.readFormulas('S', block(1, 1, 1, 3))).toEqual([['', '', '']]);
  });

  it("refuses a cell over 50,000 characters (counting the apostrophe that marks text) with Sheets' message", () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 1, 1, [['a'.repeat(49_999)]]);
    expect(() => wb.writeCells('S', 2, 3, [['a'.repeat(50_000)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell. ("S"!C2 would hold 50001 characters.)',
    );
    expect(wb.readValues('S', block(2, 3, 1, 1))).toEqual([['']]);
  });

  it('refuses to reach past column 18,278 (ZZZ) before counting cells', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    expect(() => wb.writeCells('S', 1, 18_278, [[1, 2]])).toThrow(
      'This action would increase the number of columns in the sheet above the limit of 18278 columns. ("S" would reach column 18279.)',
    );
  });

  it("refuses to pass 10 million cells, each sheet counting at least a new Google sheet's 1000 × 26", () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('Big');
    // 9,974,000 cells in one sheet leave room for one more sheet of 26,000.
    wb.writeCells('Big', 383_615, 26, [[1]]);
    wb.ensureSheet('Second');
    expect(() => wb.ensureSheet('Third')).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells. (adding sheet "Third" would make 10025990 cells.)',
    );
    expect(() => wb.writeCells('Second', 1001, 1, [[1]])).toThrow(
      'above the limit of 10000000 cells. (writing to "Second"!A1001 would make',
    );
  });
});
