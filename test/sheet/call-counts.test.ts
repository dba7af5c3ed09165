/**
 * Spreadsheet calls are the slow part on Google Sheets, so building a model and running a forward pass must
 * cost a number of Workbook calls that depends on which sheets exist, never on image or weight sizes.
 * Each spec is compared with a "twin" of the same structure but different sizes (input, filters, kernel,
 * classes); the small and default specs are compared sheet by sheet.
 */
import { defaultSpec, smallSpec } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import { countCalls, defaultTwin, smallTwin } from './call-count-fixture';
import { recordMeasurement } from '../helpers/measurements';

const EXTRA_SHEETS: Record<string, string> = {
  'Conv2 filters': 'Conv1 filters',
  Conv2: 'Conv1',
  ReLU2: 'ReLU1',
  Pool2: 'Pool1',
};

/*
 * Native mode is the same code path with formulas in the data blocks; building the default network there
 * takes seconds, so this file uses its twin, and model-default-native.test.ts checks that the real default
 * build makes the same calls as the twin.
 */
describe.each(['custom', 'native', 'values'] as FormulaMode[])('%s mode', (mode) => {
  test('calls to build and run a model do not depend on sizes', () => {
    const small = countCalls(smallSpec(), mode);
    const def = countCalls(mode === 'native' ? defaultTwin : defaultSpec(), mode);
    for (const phase of ['build', 'forward'] as const) {
      // Same structure, other sizes: exactly the same calls, method by method and sheet by sheet.
      const smallTwinCounts = countCalls(smallTwin, mode)[phase];
      const defaultTwinCounts = countCalls(defaultTwin, mode)[phase];
      expect(smallTwinCounts.counts()).toEqual(small[phase].counts());
      expect(smallTwinCounts.countsBySheet()).toEqual(small[phase].countsBySheet());
      expect(defaultTwinCounts.counts()).toEqual(def[phase].counts());
      expect(defaultTwinCounts.countsBySheet()).toEqual(def[phase].countsBySheet());

      // Small vs default: every sheet both have costs the same; the default's extra block and pools cost
      // what their block-1 counterparts cost, and nothing else differs.
      const smallBySheet = small[phase].countsBySheet();
      const defBySheet = def[phase].countsBySheet();
      let extra = 0;
      for (const [sheet, calls] of Object.entries(defBySheet)) {
        if (sheet in smallBySheet) expect({ sheet, calls }).toEqual({ sheet, calls: smallBySheet[sheet] });
        else {
          const counterpart = EXTRA_SHEETS[sheet] ?? 'Pool2';
          expect({ sheet, calls }).toEqual({ sheet, calls: defBySheet[counterpart] });
          extra += calls;
        }
      }
      expect(def[phase].total()).toBe(small[phase].total() + extra);
    }
    const defName = mode === 'native' ? 'default-structure twin' : 'default spec';
    recordMeasurement(
      `${mode} mode Workbook calls — small spec: build ${small.build.total()}, forward ${small.forward.total()}; ` +
        `${defName}: build ${def.build.total()}, forward ${def.forward.total()}\n` +
        `  build (${defName}) by method: ${JSON.stringify(def.build.counts())}\n` +
        `  forward (${defName}) by method: ${JSON.stringify(def.forward.counts())}\n` +
        `  cells written by the ${defName} build: ${def.build.cellsWritten()}, read by its forward pass: ${def.forward.cellsRead()}`,
    );
  });
});
