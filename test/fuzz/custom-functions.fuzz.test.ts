/**
 * Property-based fuzzing of the custom functions (fast-check, fixed seed, bounded runs): random shapes, values
 * from tiny to the float limit, strides and paddings, then the same calls with one argument spoiled — blanks,
 * text, booleans, Dates, NaN/±∞, nested or jagged arrays, odd sizes. Every call must give a finite result equal
 * to test/fuzz/reference.ts within 1e-9 of the magnitudes it sums, or an Error whose message starts with the
 * function's name. Near the float limit, where the order of a sum decides whether it overflows, either is right.
 */
import fc from 'fast-check';
import {
  CONV2D,
  CROSSENTROPY,
  CUSTOM_FUNCTIONS,
  DENSE,
  KLDIV,
  MAXPOOL,
  PREDICT,
  RELU,
  SOFTMAX,
} from '../../src/functions';
import type { CustomFunction, SheetArg } from '../../src/functions';
import { expectClose } from '../helpers/close';
import * as ref from './reference';
import type { GridCell, Maps } from './reference';
import { recordMeasurement } from '../helpers/measurements';

const SEED = 20261130;
const RUNS = 250;
/** Sums whose magnitudes reach this may overflow in one order and not in another. */
const NEAR_OVERFLOW = 1e306;

// The flatten function's name is FLATTEN or FLATTENMAPS (it must differ from the built-in); find it either way.
const FLATTEN_NAME = Object.keys(CUSTOM_FUNCTIONS).find((name) =>
  name.startsWith('FLATTEN'),
) as keyof typeof CUSTOM_FUNCTIONS;
const FLATTEN = CUSTOM_FUNCTIONS[FLATTEN_NAME] as CustomFunction;

const counts: Record<string, { calls: number; results: number; refusals: number }> = {};

afterAll(() => {
  const lines = Object.entries(counts).map(
    ([name, c]) => `${name} ${c.calls} (${c.results} results, ${c.refusals} refusals)`,
  );
  const total = Object.values(counts).reduce((sum, c) => sum + c.calls, 0);
  recordMeasurement(`custom-function fuzz, seed ${SEED}: ${total} calls — ${lines.join('; ')}`);
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function call(name: string, run: () => unknown): Outcome {
  counts[name] ??= { calls: 0, results: 0, refusals: 0 };
  counts[name].calls++;
  try {
    const value = run();
    counts[name].results++;
    return { ok: true, value };
  } catch (error) {
    counts[name].refusals++;
    return { ok: false, error };
  }
}

/** A refusal must be an Error of our own wording, never a JavaScript fault, and must name the function. */
function expectRefusal(outcome: Outcome, name: string): void {
  if (outcome.ok)
    throw new Error(`${name} returned ${JSON.stringify(outcome.value)?.slice(0, 200)} where it must refuse`);
  const error = outcome.error;
  expect(error).toBeInstanceOf(Error);
  for (const fault of [TypeError, RangeError, ReferenceError, SyntaxError]) expect(error).not.toBeInstanceOf(fault);
  expect((error as Error).message.startsWith(`${name}: `)).toBe(true);
}

function expectResult(outcome: Outcome, name: string): unknown {
  if (!outcome.ok) throw new Error(`${name} refused a valid call: ${(outcome.error as Error).message}`);
  return outcome.value;
}

/** Finite numbers across the whole range: small integers, moderate reals, and magnitudes near both float limits. */
const number = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -9, max: 9 }) },
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 1e200, -1e200, 1e154, 5e-324, -0) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** What a spreadsheet may hand over where a number belongs. */
const spoiler = fc.constantFrom<unknown>(
  '',
  'abc',
  '1',
  true,
  false,
  NaN,
  Infinity,
  -Infinity,
  new Date(0),
  new Date(NaN),
  null,
  [[1, 2]],
  {},
);

const maps = (channels: number, height: number, width: number): fc.Arbitrary<Maps> =>
  fc.array(
    fc.array(fc.array(number, { minLength: width, maxLength: width }), { minLength: height, maxLength: height }),
    { minLength: channels, maxLength: channels },
  );

interface Spoiled {
  readonly grid: SheetArg;
  /** What the spoiled cell held before ('' in a gap between blocks), or null when a row was cut short. */
  readonly was: GridCell | null;
}

/** Replaces one cell of a grid (by a seeded position) with `value`, or cuts a row short (jagged). */
function spoil(grid: readonly (readonly GridCell[])[], at: number, value: unknown, jagged: boolean): Spoiled {
  const copy = grid.map((row) => [...row] as unknown[]);
  const r = at % copy.length;
  if (jagged && copy.length > 1) {
    copy[r] = copy[r].slice(0, -1);
    return { grid: copy as SheetArg, was: null };
  }
  const c = Math.floor(at / copy.length) % copy[r].length;
  const was = grid[r][c];
  copy[r][c] = value;
  return { grid: copy as SheetArg, was };
}

/** A blank written over a blank (or over a default) changes nothing, so the call may succeed. */
const isBlank = (value: unknown): boolean => value === '' || value === null;

const padding = fc.oneof(fc.constantFrom<'valid' | 'same'>('valid', 'same'), fc.integer({ min: 0, max: 3 }));

const convCase = fc
  .record({
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 7 }),
    width: fc.integer({ min: 1, max: 7 }),
    filters: fc.integer({ min: 1, max: 3 }),
    kernel: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding,
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      x: maps(s.channels, s.height, s.width),
      w: fc.array(maps(s.channels, s.kernel, s.kernel), { minLength: s.filters, maxLength: s.filters }),
      b: fc.array(number, { minLength: s.filters, maxLength: s.filters }),
    }),
  );

/**
 * Winograd's transforms mix every tap of a filter with every cell of a 4×4 input tile, which spans the output's
 * window and one cell around it; its rounding is relative to those magnitudes, not to the output's own terms.
 */
function winogradScale(
  x: Maps,
  w: number[][][][],
  f: number,
  direct: number,
  oy: number,
  ox: number,
  stride: number,
  before: [number, number],
): number {
  let scale = direct;
  const k = w[f][0].length;
  w[f].forEach((block, c) => {
    const weights = Math.max(...block.flat().map(Math.abs));
    let near = 0;
    for (let y = oy * stride - before[0] - 1; y <= oy * stride - before[0] + k; y++) {
      for (let xx = ox * stride - before[1] - 1; xx <= ox * stride - before[1] + k; xx++)
        near = Math.max(near, Math.abs(x[c][y]?.[xx] ?? 0));
    }
    scale += 16 * weights * near;
  });
  return scale;
}

describe('custom functions against the reference', () => {
  it('CONV2D', () => {
    fc.assert(
      fc.property(
        convCase,
        fc.nat(),
        spoiler,
        fc.integer({ min: 0, max: 4 }),
        ({ s, x, w, b }, at, bad, spoilWhich) => {
          const rows = ref.convAxis(s.height, s.kernel, s.stride, s.padding);
          const cols = ref.convAxis(s.width, s.kernel, s.stride, s.padding);
          const input = ref.mapsToGrid(x);
          const filters = ref.filtersToGrid(w);
          const biases = b.map((v) => [v]);
          const paddingArg = typeof s.padding === 'string' && at % 2 === 0 ? s.padding.toUpperCase() : s.padding;
          const outcome = call('CONV2D', () => CONV2D(input, filters, biases, s.stride, paddingArg));
          if (rows.out < 1 || cols.out < 1) return expectRefusal(outcome, 'CONV2D');
          const want = ref.conv2d(x, w, b, s.stride, s.padding);
          const cells = want.flat(2);
          if (cells.some((c) => !Number.isFinite(c.value))) return expectRefusal(outcome, 'CONV2D');
          if (cells.some((c) => !(c.scale < NEAR_OVERFLOW))) {
            if (!outcome.ok) return expectRefusal(outcome, 'CONV2D');
          }
          const got = ref.gridToMaps(expectResult(outcome, 'CONV2D') as GridCell[][], s.filters, rows.out, cols.out);
          want.forEach((map, f) =>
            map.forEach((row, oy) =>
              row.forEach((cell, ox) => {
                const scale = winogradScale(x, w, f, cell.scale, oy, ox, s.stride, [rows.before, cols.before]);
                if (scale < NEAR_OVERFLOW)
                  expectClose(got[f][oy][ox], cell.value, 1e-9 * scale, `CONV2D output [${f}, ${oy}, ${ox}]`);
              }),
            ),
          );

          // The same call with one argument spoiled.
          const spoiled: SheetArg[] = [input, filters, biases, s.stride, paddingArg] as SheetArg[];
          // A blank stride or padding means the default; a blank over a gap between blocks is the layout itself.
          let mayPass = isBlank(bad);
          if (spoilWhich < 3) {
            const { grid, was } = spoil(spoiled[spoilWhich] as GridCell[][], at, bad, at % 7 === 0);
            spoiled[spoilWhich] = grid;
            mayPass = isBlank(bad) && was === '';
          } else if (at % 3 === 0) {
            spoiled[spoilWhich] = [[1], [2]];
            mayPass = false;
          } else spoiled[spoilWhich] = bad as SheetArg;
          const spoiledOutcome = call('CONV2D', () =>
            CONV2D(...(spoiled as [SheetArg, SheetArg, SheetArg, SheetArg, SheetArg])),
          );
          if (!(spoiledOutcome.ok && mayPass)) expectRefusal(spoiledOutcome, 'CONV2D');
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('RELU, MAXPOOL and the flatten function', () => {
    const poolCase = fc
      .record({
        channels: fc.integer({ min: 1, max: 5 }),
        height: fc.integer({ min: 1, max: 6 }),
        width: fc.integer({ min: 1, max: 6 }),
        size: fc.integer({ min: 1, max: 4 }),
        stride: fc.integer({ min: 1, max: 3 }),
      })
      .chain((s) => fc.record({ s: fc.constant(s), x: maps(s.channels, s.height, s.width) }));
    fc.assert(
      fc.property(poolCase, fc.nat(), spoiler, ({ s, x }, at, bad) => {
        const grid = ref.mapsToGrid(x);
        const relu = expectResult(
          call('RELU', () => RELU(grid)),
          'RELU',
        ) as GridCell[][];
        expect(relu).toEqual(grid.map((row) => row.map((v) => (v === '' ? '' : Math.max(0, v as number)))));

        const pooled = call('MAXPOOL', () => MAXPOOL(grid, s.channels, s.size, s.stride));
        if (s.size > s.height || s.size > s.width) expectRefusal(pooled, 'MAXPOOL');
        else {
          const want = ref.maxPool(x, s.size, s.stride);
          expect(
            ref.gridToMaps(
              expectResult(pooled, 'MAXPOOL') as GridCell[][],
              s.channels,
              want[0].length,
              want[0][0].length,
            ),
          ).toEqual(want);
        }

        const flat = expectResult(
          call(FLATTEN_NAME, () => FLATTEN(grid, s.channels)),
          FLATTEN_NAME,
        ) as GridCell[][];
        expect(flat.map((row) => row[0])).toEqual(ref.flatten(x));

        const { grid: spoiled, was } = spoil(grid, at, bad, at % 5 === 0);
        const reluSpoiled = call('RELU', () => RELU(spoiled));
        // RELU keeps blank cells blank; the others refuse a blank inside a map (a blank over a gap is no change).
        if (!(reluSpoiled.ok && isBlank(bad) && was !== null)) expectRefusal(reluSpoiled, 'RELU');
        for (const [name, run] of [
          ['MAXPOOL', () => MAXPOOL(spoiled, s.channels, s.size, s.stride)],
          [FLATTEN_NAME, () => FLATTEN(spoiled, s.channels)],
        ] as const) {
          const outcome = call(name, run);
          if (!(outcome.ok && isBlank(bad) && was === '')) expectRefusal(outcome, name);
        }
        const badChannels = call('MAXPOOL', () => MAXPOOL(grid, bad as SheetArg, s.size, s.stride));
        expectRefusal(badChannels, 'MAXPOOL');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('DENSE and SOFTMAX', () => {
    const denseCase = fc
      .record({ inputs: fc.integer({ min: 1, max: 8 }), classes: fc.integer({ min: 1, max: 5 }) })
      .chain((s) =>
        fc.record({
          v: fc.array(number, { minLength: s.inputs, maxLength: s.inputs }),
          w: fc.array(fc.array(number, { minLength: s.classes, maxLength: s.classes }), {
            minLength: s.inputs,
            maxLength: s.inputs,
          }),
          b: fc.array(number, { minLength: s.classes, maxLength: s.classes }),
        }),
      );
    fc.assert(
      fc.property(denseCase, fc.nat(), spoiler, fc.boolean(), ({ v, w, b }, at, bad, asRow) => {
        const vector = asRow ? [v] : v.map((x) => [x]);
        const outcome = call('DENSE', () =>
          DENSE(
            vector,
            w,
            b.map((x) => [x]),
          ),
        );
        const want = ref.dense(v, w, b);
        if (want.some((c) => !Number.isFinite(c.value))) expectRefusal(outcome, 'DENSE');
        else if (want.some((c) => !(c.scale < NEAR_OVERFLOW)) && !outcome.ok) expectRefusal(outcome, 'DENSE');
        else {
          const got = expectResult(outcome, 'DENSE') as number[][];
          want.forEach((cell, k) => {
            if (cell.scale < NEAR_OVERFLOW)
              expectClose(got[k][0], cell.value, 1e-9 * cell.scale, `DENSE output ${k + 1}`);
          });
          // Logits straight from DENSE into SOFTMAX: probabilities within 1e-9 (softmax is bounded, so absolute).
          const probs = expectResult(
            call('SOFTMAX', () => SOFTMAX(got)),
            'SOFTMAX',
          ) as number[][];
          ref
            .softmax(got.map((r) => r[0]))
            .forEach((p, k) => expectClose(probs[k][0], p, 1e-9, `SOFTMAX output ${k + 1}`));
        }
        expectRefusal(
          call('DENSE', () =>
            DENSE(
              spoil(vector, at, bad, false).grid,
              w,
              b.map((x) => [x]),
            ),
          ),
          'DENSE',
        );
        expectRefusal(
          call('DENSE', () =>
            DENSE(
              vector,
              spoil(w, at, bad, at % 3 === 0).grid,
              b.map((x) => [x]),
            ),
          ),
          'DENSE',
        );
        expectRefusal(
          call('SOFTMAX', () => SOFTMAX(spoil(vector, at, bad, false).grid)),
          'SOFTMAX',
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('CROSSENTROPY, KLDIV and PREDICT', () => {
    // Probabilities: a softmax of random logits (sums to 1 within rounding), some cells exactly 0 or 1.
    const distribution = fc
      .array(fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.constant(-Infinity)), {
        minLength: 1,
        maxLength: 6,
      })
      .filter((z) => z.some((v) => v > -Infinity))
      .map((z) => ref.softmax(z));
    const labelled = distribution.chain((p) =>
      fc.record({
        p: fc.constant(p),
        q: distribution.filter((q) => q.length === p.length),
        label: fc.integer({ min: 1, max: p.length }),
      }),
    );
    fc.assert(
      fc.property(labelled, fc.nat(), spoiler, ({ p, q, label }, at, bad) => {
        const column = p.map((v) => [v]);
        const names = p.map((_v, k) => [`class ${k + 1}`]);
        const loss = call('CROSSENTROPY', () => CROSSENTROPY(column, label));
        if (p[label - 1] === 0) expectRefusal(loss, 'CROSSENTROPY');
        else
          expectClose(
            expectResult(loss, 'CROSSENTROPY'),
            ref.crossEntropy(p, label - 1),
            { relative: 1e-9 },
            'CROSSENTROPY',
          );
        // The same label as a name and as a one-hot range.
        const oneHot = p.map((_v, k) => [k === label - 1 ? 1 : 0]);
        if (p[label - 1] > 0) {
          expect(
            expectResult(
              call('CROSSENTROPY', () => CROSSENTROPY(column, `class ${label}`, names)),
              'CROSSENTROPY',
            ),
          ).toBe(loss.ok ? loss.value : NaN);
          expect(
            expectResult(
              call('CROSSENTROPY', () => CROSSENTROPY(column, oneHot)),
              'CROSSENTROPY',
            ),
          ).toBe(loss.ok ? loss.value : NaN);
        }

        const kl = call('KLDIV', () =>
          KLDIV(
            column,
            q.map((v) => [v]),
          ),
        );
        if (p.some((v, k) => v > 0 && q[k] === 0)) expectRefusal(kl, 'KLDIV');
        else {
          const got = expectResult(kl, 'KLDIV') as number;
          expect(got).toBeGreaterThanOrEqual(0);
          const want = ref.klDivergence(p, q);
          expectClose(got, want, 1e-9 * (Math.max(1e-6, Math.abs(want)) * 1e3), 'KLDIV');
        }

        const predicted = expectResult(
          call('PREDICT', () => PREDICT(column, names)),
          'PREDICT',
        );
        expect(p[Number(String(predicted).slice('class '.length)) - 1]).toBe(Math.max(...p));

        expectRefusal(
          call('CROSSENTROPY', () => CROSSENTROPY(column, bad as SheetArg)),
          'CROSSENTROPY',
        );
        expectRefusal(
          call('KLDIV', () =>
            KLDIV(
              spoil(column, at, bad, false).grid,
              q.map((v) => [v]),
            ),
          ),
          'KLDIV',
        );
        expectRefusal(
          call('PREDICT', () => PREDICT(spoil(column, at, bad, false).grid, names)),
          'PREDICT',
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
