/**
 * Sherlock mode: off by default; on, every step sheet's row 2 keeps its plain text and adds one line of the
 * story, its key cell gets a note (the filters' bias cell: the handle), the Model sheet records it, and
 * rebuilds, mode changes and weight resets keep it until a build turns it off.
 */
import { smallSpec } from '../../src/core';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { filterBiasRange } from '../../src/sheet/layout';
import { buildModel, readModel } from '../../src/sheet/whole-model';
import { readModelInfo } from '../../src/sheet/model-sheet';
import { MODEL_SHEET, modelSheetNames } from '../../src/sheet/sheet-names';
import { newServer } from '../server/server-fixture';
import { LABEL, SEED, seededImage, seededParams } from './model-fixture';

const spec = smallSpec();
const STEP_SHEETS = [
  'Input',
  'Conv1 filters',
  'Conv1',
  'ReLU1',
  'Flatten',
  'Dense weights',
  'Logits',
  'Softmax',
  'Loss',
];

function build(sherlock: boolean | undefined): LocalWorkbook {
  const workbook = new LocalWorkbook();
  buildModel(workbook, spec, seededParams(spec, SEED), seededImage(spec, SEED + 7), {
    mode: 'native',
    seed: SEED,
    label: LABEL,
    ...(sherlock === undefined ? {} : { sherlock }),
  });
  return workbook;
}

const rowTwo = (workbook: LocalWorkbook, sheet: string): string =>
  String(workbook.readValues(sheet, { row: 2, col: 1, rows: 1, cols: 1 })[0][0]);
const noteAt = (workbook: LocalWorkbook, sheet: string, row: number, col: number): string =>
  workbook.snapshot(sheet).notes.find((n) => n.row === row && n.col === col)?.note ?? '';

describe('Sherlock mode', () => {
  const plain = build(undefined);
  const story = build(true);

  test('is off by default: no sheet tells the story', () => {
    expect(readModelInfo(plain).sherlock).toBe(false);
    for (const sheet of modelSheetNames(spec)) {
      expect({ sheet, row2: rowTwo(plain, sheet).includes('Sherlock') }).toEqual({ sheet, row2: false });
      expect({ sheet, notes: plain.snapshot(sheet).notes.some((n) => n.note.includes('Sherlock:')) }).toEqual({
        sheet,
        notes: false,
      });
    }
  });

  test('on, each step sheet keeps its plain row 2 and adds one line of the story, and its first value a note', () => {
    expect(readModelInfo(story).sherlock).toBe(true);
    for (const sheet of STEP_SHEETS) {
      const text = rowTwo(story, sheet);
      expect(text.startsWith(`${rowTwo(plain, sheet)} 🔍 Sherlock: `)).toBe(true);
      // The note of the first value keeps what it said and adds the story.
      const before = noteAt(plain, sheet, 4, 2);
      const after = noteAt(story, sheet, 4, 2);
      expect({ sheet, starts: after.startsWith(before), story: /Sherlock: \S/.test(after) }).toEqual({
        sheet,
        starts: true,
        story: true,
      });
    }
    expect(rowTwo(story, 'Conv1 filters')).toMatch(/magnifying glass.*stride/);
    expect(rowTwo(story, 'Conv1')).toMatch(/crime-scene cordon/);
    expect(rowTwo(story, 'Flatten')).toMatch(/jury/);
    expect(rowTwo(story, 'Dense weights')).toMatch(/Linking the evidence to the suspects/);
    expect(rowTwo(story, 'Softmax')).toMatch(/confidence/);
    expect(rowTwo(story, 'Loss')).toMatch(/How good a detective/);
    expect(noteAt(story, 'Conv1 filters', 4, 2)).toMatch(/layer of its glass.*channel/);
    const bias = filterBiasRange(spec.blocks[0].filters, 3, spec.blocks[0].kernel);
    expect(noteAt(story, 'Conv1 filters', bias.row, bias.col)).toMatch(/handle/);
    // The numbers are the same either way.
    expect(story.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 })).toEqual(
      plain.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 }),
    );
    expect(readModel(story).params).toEqual(readModel(plain).params);
  });

  test('the Model sheet keeps the setting: rebuilds, mode changes and resets keep it; a build can turn it off', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'native', seed: 3, sherlock: true });
    expect(inner.readValues(MODEL_SHEET, { row: 9, col: 1, rows: 1, cols: 2 })).toEqual([['Sherlock story', 'on']]);
    expect(api.buildModel({ specName: 'small', mode: 'values', seed: 4 }).sherlock).toBe(true);
    expect(api.setFormulaMode('native').sherlock).toBe(true);
    expect(api.resetWeights(9).sherlock).toBe(true);
    expect(rowTwo(inner, 'Conv1')).toMatch(/Sherlock/);
    expect(api.buildModel({ specName: 'small', mode: 'native', seed: 4, sherlock: false }).sherlock).toBe(false);
    expect(rowTwo(inner, 'Conv1')).not.toMatch(/Sherlock/);
  });

  test('a Model cell that is neither on nor off, or a request that is not true/false, is refused with the fix', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'native', seed: 3 });
    expect(() =>
      api.buildModel({ specName: 'small', mode: 'native', seed: 3, sherlock: 'yes' as unknown as boolean }),
    ).toThrow('Sherlock story (sherlock) is yes; expected true or false');
    inner.writeCells(MODEL_SHEET, 9, 2, [['maybe']]);
    expect(() => readModelInfo(inner)).toThrow('Model!B9 holds "maybe", which is neither on nor off; type on or off');
  });
});
