/**
 * The parameter declarations drive the checks: every whole-number parameter takes its declared default when
 * blank or omitted, and refuses a number below its declared minimum with the declared meaning; the local engine
 * accepts exactly the declared argument counts.
 */
import { CUSTOM_FUNCTIONS, CUSTOM_FUNCTION_SIGNATURES } from '../../src/functions';
import type { CustomFunctionName } from '../../src/functions';
import { toPadding, toWholeNumber } from '../../src/functions/args';
import { FUNCTION_DECLARATIONS, isOptional } from '../../src/functions/declarations';
import { FUNCTION_DOCS } from '../../src/functions/function-docs';
import { DOCUMENTED_FUNCTIONS, documented } from '../../src/functions/jsdoc';

const integers = FUNCTION_DECLARATIONS.flatMap((fn) =>
  fn.parameters.flatMap((p) => (p.kind === 'integer' ? [[`${fn.name} ${p.name}`, fn, p] as const] : [])),
);

test('every custom function has a declaration, in the same order, and takes the declared parameters', () => {
  expect(FUNCTION_DECLARATIONS.map((d) => d.name)).toEqual(Object.keys(CUSTOM_FUNCTIONS));
  for (const d of FUNCTION_DECLARATIONS) {
    expect({ name: d.name, parameters: CUSTOM_FUNCTIONS[d.name as CustomFunctionName].length }).toEqual({
      name: d.name,
      parameters: d.parameters.length,
    });
    // Optional parameters come last, so an argument count says which ones were given.
    const optional = d.parameters.map(isOptional);
    expect(optional).toEqual([...optional].sort((a, b) => Number(a) - Number(b)));
    const signature = CUSTOM_FUNCTION_SIGNATURES[d.name as CustomFunctionName];
    expect([signature.requiredArgs, signature.maxArgs]).toEqual([
      optional.filter((o) => !o).length,
      d.parameters.length,
    ]);
  }
});

test.each(integers)(
  '%s: blank and omitted give the declared default; below the minimum is refused with its meaning',
  (_, fn, p) => {
    const earlier = { size: 3 };
    for (const blank of ['', undefined, null]) {
      if (p.default === undefined) {
        expect(() => toWholeNumber(blank, fn, p.name)).toThrow(
          `${fn.name}: ${p.name} is missing; expected a whole number ≥ ${p.min} (${p.meaning})`,
        );
      } else {
        expect(toWholeNumber(blank, fn, p.name, earlier)).toBe(
          typeof p.default === 'number' ? p.default : earlier[p.default.sameAs as 'size'],
        );
      }
    }
    expect(toWholeNumber(p.min + 4, fn, p.name)).toBe(p.min + 4);
    expect(() => toWholeNumber(p.min - 1, fn, p.name)).toThrow(
      `${fn.name}: ${p.name} is ${p.min - 1}; expected a whole number ≥ ${p.min} (${p.meaning})`,
    );
    expect(() => toWholeNumber(1.5, fn, p.name)).toThrow(
      `${fn.name}: ${p.name} is 1.5; expected a whole number ≥ ${p.min} (${p.meaning})`,
    );
  },
);

test('padding: blank gives the declared "valid"; an undeclared name is a programming error, not a user message', () => {
  const conv = FUNCTION_DECLARATIONS.find((d) => d.name === 'CONV2D')!;
  expect(toPadding('', conv, 'padding')).toBe('valid');
  expect(toPadding(' Same ', conv, 'padding')).toBe('same');
  expect(() => toPadding('', conv, 'stride')).toThrow('CONV2D declares no padding parameter stride');
  expect(() => toWholeNumber(1, conv, 'strides')).toThrow('CONV2D declares no integer parameter strides');
});

test('every declaration has its text in function-docs.ts, for exactly its range, padding and value parameters', () => {
  expect(Object.keys(FUNCTION_DOCS)).toEqual(FUNCTION_DECLARATIONS.map((d) => d.name));
  expect(DOCUMENTED_FUNCTIONS.map((d) => d.parameters.map((p) => p.name))).toEqual(
    FUNCTION_DECLARATIONS.map((d) => d.parameters.map((p) => p.name)),
  );
  const relu = FUNCTION_DECLARATIONS.find((d) => d.name === 'RELU')!;
  expect(() => documented({ ...relu, parameters: [{ name: 'values', kind: 'range' }] })).toThrow(
    "RELU: function-docs.ts documents (range) but the declaration's range, padding and value parameters are (values); make them agree.",
  );
  expect(() => documented({ name: 'NOPE', parameters: [] })).toThrow('NOPE has no entry in function-docs.ts');
});
