/**
 * Augmentation: every change checked against a plain re-statement of what it should do (mirror, shift with
 * the border repeated, turn and zoom about the centre, brightness and contrast around each channel's mean),
 * draws seeded and reproducible,
 * and through the server: augmented training is reproducible, splits into calls without changing a batch,
 * and matches the engine trained on augmentBatch's pictures.
 */
import { AUGMENT_STRENGTHS, augmentBatch, augmentImage } from '../../src/core/augment';
import type { AugmentOptions } from '../../src/core/augment';
import { cloneParams, createOptimizerState, epochOrder, initParams, trainBatch } from '../../src/core';
import type { Tensor } from '../../src/core/types';
import { optimizerConfig } from '../../src/server/training-request';
import { readParams } from '../../src/sheet/weight-sheets';
import { maxParamDifference, request, smallSetup, trainUntilDone } from '../server/training-fixture';

const NONE: AugmentOptions = { flip: false, shift: 0, brightness: 0, contrast: 0, scale: 0, rotate: 0 };

/** A 3×4×5 picture of distinct whole values 0–255. */
function picture(): Tensor {
  const data = new Float64Array(3 * 4 * 5).map((_, i) => (i * 37) % 256);
  return { shape: [3, 4, 5], data };
}

const at = (t: Tensor, c: number, y: number, x: number): number => t.data[(c * t.shape[1] + y) * t.shape[2] + x];

/** The seeds, out of the first `count`, for which `test` holds of the picture augmented with `options`. */
function seedsWhere(options: AugmentOptions, count: number, test: (out: Tensor, input: Tensor) => boolean): number[] {
  const input = picture();
  return Array.from({ length: count }, (_, seed) => seed).filter((seed) =>
    test(augmentImage(input, options, seed), input),
  );
}

describe('augmentImage', () => {
  it('changes nothing when every change is off', () => {
    expect(Array.from(augmentImage(picture(), NONE, 7).data)).toEqual(Array.from(picture().data));
  });

  it('mirrors left to right for about half the seeds, and otherwise leaves the picture as it is', () => {
    const input = picture();
    const mirrored = (out: Tensor): boolean =>
      [0, 1, 2].every((c) =>
        [0, 1, 2, 3].every((y) => [0, 1, 2, 3, 4].every((x) => at(out, c, y, x) === at(input, c, y, 4 - x))),
      );
    const same = (out: Tensor): boolean => Array.from(out.data).every((v, i) => v === input.data[i]);
    const flips = seedsWhere({ ...NONE, flip: true }, 400, mirrored);
    const kept = seedsWhere({ ...NONE, flip: true }, 400, same);
    expect(flips.length + kept.length).toBe(400);
    expect(flips.length).toBeGreaterThan(160);
    expect(flips.length).toBeLessThan(240);
  });

  it('shifts every channel alike by −2 to 2 pixels each way, repeating the border, and uses every shift', () => {
    const input = picture();
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const out = augmentImage(input, { ...NONE, shift: 2 }, seed);
      const match: string[] = [];
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const clampY = (y: number): number => Math.min(3, Math.max(0, y - dy));
          const clampX = (x: number): number => Math.min(4, Math.max(0, x - dx));
          const fits = [0, 1, 2].every((c) =>
            [0, 1, 2, 3].every((y) =>
              [0, 1, 2, 3, 4].every((x) => at(out, c, y, x) === at(input, c, clampY(y), clampX(x))),
            ),
          );
          if (fits) match.push(`${dx},${dy}`);
        }
      }
      expect(match).toHaveLength(1);
      seen.add(match[0]);
    }
    expect(seen.size).toBe(25);
  });

  it('turns and zooms about the centre within the bounds, reading between pixels bilinearly', () => {
    // Two ramps, across and down: bilinear reading is exact on them, so each output pixel tells where it read.
    const size = 15;
    const centre = 7;
    const ramps: Tensor = {
      shape: [2, size, size],
      data: new Float64Array(2 * size * size).map((_, i) => {
        const p = i % (size * size);
        return 100 + 4 * ((i < size * size ? p % size : Math.floor(p / size)) - centre);
      }),
    };
    const readFrom = (out: Tensor, x: number, y: number): [number, number] => [
      (at(out, 0, y, x) - 100) / 4,
      (at(out, 1, y, x) - 100) / 4,
    ];
    const zooms: number[] = [];
    const angles: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const out = augmentImage(ramps, { ...NONE, scale: 0.1, rotate: 10 }, seed);
      expect(readFrom(out, centre, centre)).toEqual([0, 0]);
      // One step right reads (cos θ, −sin θ) / zoom from the centre.
      const [c, s] = readFrom(out, centre + 1, centre);
      const zoom = 1 / Math.hypot(c, s);
      const angle = (Math.atan2(-s, c) * 180) / Math.PI;
      zooms.push(zoom);
      angles.push(angle);
      // Every pixel near the centre reads where that turn and zoom put it.
      for (let v = -4; v <= 4; v++) {
        for (let u = -4; u <= 4; u++) {
          const [rx, ry] = readFrom(out, centre + u, centre + v);
          expect(rx).toBeCloseTo(c * u - s * v, 9);
          expect(ry).toBeCloseTo(s * u + c * v, 9);
        }
      }
    }
    expect(Math.min(...zooms)).toBeGreaterThanOrEqual(0.9 - 1e-9);
    expect(Math.max(...zooms)).toBeLessThanOrEqual(1.1 + 1e-9);
    expect(Math.min(...angles)).toBeGreaterThanOrEqual(-10 - 1e-9);
    expect(Math.max(...angles)).toBeLessThanOrEqual(10 + 1e-9);
    // The draws fill their ranges, both ways.
    expect([Math.min(...zooms) < 0.92, Math.max(...zooms) > 1.08]).toEqual([true, true]);
    expect([Math.min(...angles) < -8, Math.max(...angles) > 8]).toEqual([true, true]);
  });

  it('moves brightness and contrast within the bounds, around each channel mean, clipped to 0–255', () => {
    const input = picture();
    const options = { ...NONE, brightness: 0.1, contrast: 0.2 };
    const plane = 20;
    for (let seed = 0; seed < 50; seed++) {
      const out = augmentImage(input, options, seed);
      // Unclipped pixels of a channel lie on one line: out = mean + k·(in − mean) + b, with one k and b.
      for (let c = 0; c < 3; c++) {
        const values = Array.from(input.data.subarray(c * plane, (c + 1) * plane));
        const mean = values.reduce((a, b) => a + b, 0) / plane;
        const pairs = values.map((v, p) => [v, out.data[c * plane + p]]).filter(([, o]) => o > 0 && o < 255);
        const [[x1, y1], [x2, y2]] = [pairs[0], pairs.find(([v]) => v !== pairs[0][0])!];
        const k = (y2 - y1) / (x2 - x1);
        const b = y1 - mean - k * (x1 - mean);
        expect(k).toBeGreaterThanOrEqual(0.8 - 1e-9);
        expect(k).toBeLessThanOrEqual(1.2 + 1e-9);
        expect(Math.abs(b)).toBeLessThanOrEqual(25.5 + 1e-9);
        for (const [v, o] of pairs) expect(o).toBeCloseTo(mean + k * (v - mean) + b, 9);
        for (const v of out.data) expect(v >= 0 && v <= 255).toBe(true);
      }
    }
  });

  it('gives the same picture for the same draws and different ones for other pictures and epochs', () => {
    const examples = [
      { image: picture(), label: 0 },
      { image: picture(), label: 1 },
    ];
    const options = AUGMENT_STRENGTHS.strong;
    const once = augmentBatch(examples, [0, 1], options, 5, 3);
    expect(augmentBatch(examples, [0, 1], options, 5, 3)).toEqual(once);
    expect(once[0].image.data).not.toEqual(once[1].image.data);
    expect(augmentBatch(examples, [0, 1], options, 5, 4)[0].image.data).not.toEqual(once[0].image.data);
    expect(once.map((e) => e.label)).toEqual([0, 1]);
  });
});

describe('augmented training through the server', () => {
  const strong = { ...request('adam', 0.01, 3, 4), augment: 'strong' as const };

  it('is what the engine gives on augmentBatch pictures, whether done in one call or many', () => {
    const whole = smallSetup(21, 6, 1);
    trainUntilDone(whole.api, { ...strong, budgetMs: 60_000 });
    const pieces = smallSetup(21, 6, 1);
    expect(trainUntilDone(pieces.api, { ...strong, budgetMs: 1 }).length).toBeGreaterThan(4);

    // The engine alone, on the same seeded orders with each batch augmented.
    const params = initParams(whole.spec, whole.seed);
    const config = optimizerConfig({ kind: 'adam', learningRate: 0.01 });
    let state = createOptimizerState(config, params);
    for (let epoch = 0; epoch < 4; epoch++) {
      const order = epochOrder(whole.seed, epoch, whole.train.length);
      for (let i = 0; i < order.length; i += 3) {
        const indices = order.slice(i, i + 3);
        const batch = augmentBatch(
          indices.map((j) => whole.train[j]),
          indices,
          AUGMENT_STRENGTHS.strong,
          whole.seed,
          epoch,
        );
        state = trainBatch(whole.spec, params, batch, config, state).state;
      }
    }
    expect(maxParamDifference(readParams(whole.counting, whole.spec), params)).toBeLessThan(1e-9);
    expect(maxParamDifference(readParams(pieces.counting, pieces.spec), params)).toBeLessThan(1e-9);
  });

  it('differs from training without it, which stays the default', () => {
    const plain = smallSetup(21, 6, 1);
    trainUntilDone(plain.api, { ...request('adam', 0.01, 3, 4), budgetMs: 60_000 });
    const off = smallSetup(21, 6, 1);
    trainUntilDone(off.api, { ...strong, augment: 'off', budgetMs: 60_000 });
    const on = smallSetup(21, 6, 1);
    trainUntilDone(on.api, { ...strong, budgetMs: 60_000 });
    const weights = (setup: typeof plain) => cloneParams(readParams(setup.counting, setup.spec));
    expect(maxParamDifference(weights(plain), weights(off))).toBe(0);
    expect(maxParamDifference(weights(plain), weights(on))).toBeGreaterThan(1e-3);
  });

  it('refuses an unknown strength, naming the choices', () => {
    const setup = smallSetup(21, 6, 1);
    expect(() => setup.api.trainBatch({ ...strong, augment: 'heavy' as 'strong' })).toThrow(
      'Augmentation is the text "heavy"; expected one of "off", "light", "medium", "strong"',
    );
  });
});
