/**
 * Step once: one batch, and gradient sheets beside the weights holding exactly the engine's dL/dW and dL/db
 * for that batch, on the weights' layout with diverging colours.
 */
import { batchGradients, epochOrder, initParams } from '../../src/core';
import type { ModelParams, Tensor } from '../../src/core/types';
import { denseBiasRange, denseWeightsRange, filterBiasRange, filtersRange } from '../../src/sheet/layout';
import { gridToDense, gridToFilters, gridToVector } from '../../src/sheet/grid-values';
import { readParams } from '../../src/sheet/weight-sheets';
import { DENSE_GRADIENTS_SHEET, filterGradientsSheet } from '../../src/sheet/sheet-names';
import type { Workbook } from '../../src/sheet/workbook';
import { maxParamDifference, referenceRun, request, smallSetup } from './training-fixture';

/** The gradients as the sheets show them, read back with the layout's own readers. */
function readGradientSheets(workbook: Workbook, like: ModelParams): ModelParams {
  const vector = (sheet: string, range: Parameters<Workbook['readValues']>[1]): Tensor =>
    gridToVector(workbook.readValues(sheet, range), 'test', sheet);
  const conv = like.conv.map((c, i) => {
    const [filters, channels, kernel] = c.weights.shape;
    const sheet = filterGradientsSheet(i);
    return {
      weights: gridToFilters(
        workbook.readValues(sheet, filtersRange(filters, channels, kernel)),
        filters,
        'test',
        sheet,
      ),
      bias: vector(sheet, filterBiasRange(filters, channels, kernel)),
    };
  });
  const [inputs, classes] = like.dense.weights.shape;
  return {
    conv,
    dense: {
      weights: gridToDense(
        workbook.readValues(DENSE_GRADIENTS_SHEET, denseWeightsRange(inputs, classes)),
        'test',
        DENSE_GRADIENTS_SHEET,
      ),
      bias: vector(DENSE_GRADIENTS_SHEET, denseBiasRange(inputs, classes)),
    },
  };
}

describe('step once', () => {
  it("writes the engine's batch gradients beside the weights and takes exactly one training step", () => {
    const setup = smallSetup(21, 5, 1);
    const req = request('sgd', 0.1, 4, 2);
    const progress = setup.api.stepOnce(req);
    expect(progress.status).toBe('running');
    expect([progress.epoch, progress.step, progress.log.length]).toEqual([0, 1, 1]);
    expect(progress.message).toMatch(
      /^One batch of 4 pictures \(loss before the step \d\.\d{4}\): the Gradient sheets show dL\/dW for it\.$/,
    );

    const start = initParams(setup.spec, setup.seed);
    const batch = epochOrder(setup.seed, 0, setup.train.length)
      .slice(0, 4)
      .map((i) => setup.train[i]);
    const expected = batchGradients(setup.spec, start, batch);
    const shown = readGradientSheets(setup.inner, expected.grads);
    expect(maxParamDifference(shown, expected.grads)).toBe(0);
    expect(progress.log[0].trainLoss).toBe(expected.loss);

    // The weights moved by exactly one step of the engine.
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'sgd', 0.1, 4, 1);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[1])).toBe(0);

    // Same layout and colours as the weights: a diverging scale centred on 0 over the gradient block.
    const [filters, channels, kernel] = expected.grads.conv[0].weights.shape;
    const rules = setup.inner.snapshot(filterGradientsSheet(0)).colorRules;
    expect(rules).toHaveLength(1);
    expect(rules[0].ranges[0]).toEqual(filtersRange(filters, channels, kernel));
    expect(rules[0].mid).toEqual({ color: '#ffffff', value: 0 });
    // Fixed ends at ±limit, at least as large as the largest gradient, so 0 stays white.
    const largest = Math.max(
      ...Array.from(expected.grads.conv[0].weights.data, Math.abs),
      ...Array.from(expected.grads.conv[0].bias.data, Math.abs),
    );
    expect(rules[0].max.value).toBeGreaterThanOrEqual(largest);
    expect(rules[0].min.value).toBe(-(rules[0].max.value as number));

    // A second step continues the same run: batch 2 of epoch 1.
    setup.api.stepOnce(req);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[2])).toBe(0);
  });
});
