/**
 * Google Sheets calls a custom function only when its name is not a built-in's; otherwise the cell shows the
 * built-in's result. The list is Google's (see sheets-builtin-names.ts); the built stubs are checked too.
 */
import { CUSTOM_FUNCTIONS } from '../../src/functions';
import { SHEETS_BUILTIN_FUNCTIONS, SHEETS_BUILTIN_NAMES } from './sheets-builtin-names';

describe('custom function names', () => {
  test("the list holds every category of Google's function list, each name once and in upper case", () => {
    expect(Object.keys(SHEETS_BUILTIN_FUNCTIONS).sort()).toEqual([
      'Array',
      'Database',
      'Date',
      'Engineering',
      'Filter',
      'Financial',
      'Google',
      'Info',
      'Logical',
      'Lookup',
      'Math',
      'Operator',
      'Parser',
      'Statistical',
      'Text',
      'Web',
    ]);
    for (const names of Object.values(SHEETS_BUILTIN_FUNCTIONS)) {
      for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_.]*$/);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(SHEETS_BUILTIN_NAMES.size).toBeGreaterThan(450);
  });

  test('the check catches a clash: FLATTEN, the name this add-on once used, is a built-in', () => {
    expect(SHEETS_BUILTIN_NAMES.has('FLATTEN')).toBe(true);
  });

  test.each(Object.keys(CUSTOM_FUNCTIONS))('%s is not the name of a Google Sheets built-in', (name) => {
    expect(SHEETS_BUILTIN_NAMES.has(name.toUpperCase())).toBe(false);
  });
});
