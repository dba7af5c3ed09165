/**
 * The engine against the WebAssembly peers on the default network (28×28×3, the same weights, shipped ORL faces):
 * tfjs-backend-wasm (XNNPACK, SIMD) and onnxruntime-web (wasm, 1 thread), after checking that both give the
 * engine's logits to 1e-4. A forward case is a batch's class scores (classifyBatch: what the peers compute,
 * and what classifying a dataset needs). The engine runs twice, on its WebAssembly SIMD kernels and with the
 * JavaScript fallback forced, the latter in a child process of its own (lib/engine-javascript-worker.ts says
 * why). Every contender is timed in each of BENCH_ROUNDS interleaved rounds (default 10; order rotated per
 * round) so that load from other processes hits all alike; rows give medians and ranges over the rounds, and
 * ratios are taken within each round. The engine's multiply-accumulates per second are set against
 * the machine's measured WebAssembly SIMD limits (f64x2, f32x4 dot products in cache).
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import type { BenchRow, BenchSection } from './lib/section';
import { progress } from './lib/timing';
import { tfjsBatch, tfjsModel } from './lib/tfjs-model';
import { onnxModel } from './lib/onnx-model';
import { simdLimits } from './lib/simd-limits';
import { CASES, engineWork, javascriptEngineProcess, peerInputs, rate, spec } from './lib/peer-cases';
import type { Case, Timer, Work } from './lib/peer-cases';
import { layerShapes } from '../../src/core/spec';
import { forward } from '../../src/core/model';
import { useKernels } from '../../src/core/simd/kernels';
import type { Example, ModelParams } from '../../src/core/types';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
/** Seconds each contender works on each case per round. */
const SLICE_SECONDS = 0.4;
const AGREEMENT = 1e-4;

const ENGINE = 'engine (wasm-simd)';
const ENGINE_JS = 'engine (javascript)';
const TFJS_WASM = 'tfjs-backend-wasm';
const ORT = 'onnxruntime-web';
const PEERS = [TFJS_WASM, ORT];

/** One contender's timers, for the cases it can run. */
type Contender = Partial<Record<Case, Timer>>;

/** Timers that run `work` in this process. */
const timedHere = (work: Partial<Record<Case, Work>>): Contender =>
  Object.fromEntries(Object.entries(work).map(([kase, w]) => [kase, (_: Case, seconds: number) => rate(w, seconds)]));

/** Largest |a − b| over the largest |b|: the peers compute in float32, the engine in float64. */
function relativeError(actual: ArrayLike<number>, expected: Float64Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

function assertAgrees(name: string, logits: ArrayLike<number>, expected: Float64Array): number {
  const error = relativeError(logits, expected);
  if (!(error <= AGREEMENT)) {
    throw new Error(
      `${name} gives logits ${error.toExponential(2)} (relative) away from the engine's, above ${AGREEMENT}: the two do not run the same network, so timing them would compare different work`,
    );
  }
  return error;
}

async function tfjsWasmContender(
  params: ModelParams,
  examples: Example[],
  expected: Float64Array,
): Promise<{ contender: Contender; error: number }> {
  setWasmPaths(
    path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep,
  );
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-backend-wasm did not start');
  tf.env().set('PROD', true);
  const model = tfjsModel(spec, params);
  const batches = [examples.slice(0, 1), examples].map((batch) => tfjsBatch(batch, spec.classes.length).images);
  const error = assertAgrees(
    TFJS_WASM,
    tf.tidy(() => model.logits(batches[1]).dataSync()),
    expected,
  );
  const forwardWork = (images: tf.Tensor4D): Work => ({
    items: images.shape[0],
    run: () => tf.tidy(() => model.logits(images).dataSync()),
  });
  return {
    contender: timedHere({ 'forward b1': forwardWork(batches[0]), 'forward b16': forwardWork(batches[1]) }),
    error,
  };
}

async function onnxContender(
  params: ModelParams,
  examples: Example[],
  expected: Float64Array,
): Promise<{ contender: Contender; error: number }> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(onnxModel(spec, params), { executionProviders: ['wasm'] });
  const { channels, height, width } = spec.input;
  const feeds = [examples.slice(0, 1), examples].map((batch) => {
    const data = new Float32Array(batch.length * channels * height * width);
    batch.forEach((e, n) => data.set(e.image.data, n * e.image.data.length));
    return { images: new ort.Tensor('float32', data, [batch.length, channels, height, width]) };
  });
  const logits = (await session.run(feeds[1])).logits.data as Float32Array;
  const error = assertAgrees(ORT, logits, expected);
  const forwardWork = (feed: (typeof feeds)[number]): Work => ({
    items: feed.images.dims[0],
    run: () => session.run(feed),
  });
  return {
    contender: timedHere({ 'forward b1': forwardWork(feeds[0]), 'forward b16': forwardWork(feeds[1]) }),
    error,
  };
}

/** Multiply-accumulates of one forward pass: each convolution counted directly (F·C·k·k·OH·OW), then the dense layer. */
function forwardMacs(): number {
  const shapes = layerShapes(spec);
  let channels = spec.input.channels;
  let macs = 0;
  spec.blocks.forEach((block, i) => {
    const [filters, outHeight, outWidth] = shapes.blocks[i].conv;
    macs += filters * channels * block.kernel * block.kernel * outHeight * outWidth;
    channels = filters;
  });
  return macs + shapes.flat[0] * spec.classes.length;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const format = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const range = (values: number[]): string => `range ${format(Math.min(...values))}–${format(Math.max(...values))}`;

export const section: BenchSection = {
  title: 'engine vs WebAssembly peers',
  async run(): Promise<BenchRow[]> {
    if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
      throw new Error(`BENCH_ROUNDS=${process.env.BENCH_ROUNDS} is not a whole number ≥ 1`);
    const { params, examples } = peerInputs();
    useKernels('auto');
    const expected = Float64Array.from(examples.flatMap((e) => Array.from(forward(spec, params, e.image).logits.data)));
    progress("checking that the peers give the engine's logits");
    const tfjs = await tfjsWasmContender(params, examples, expected);
    const onnx = await onnxContender(params, examples, expected);
    const javascriptEngine = javascriptEngineProcess();
    const contenders: Record<string, Contender> = {
      [ENGINE]: timedHere(engineWork(params, examples, 'auto')),
      [ENGINE_JS]: Object.fromEntries(CASES.map((kase) => [kase, javascriptEngine.time])),
      [TFJS_WASM]: tfjs.contender,
      [ORT]: onnx.contender,
    };
    const names = Object.keys(contenders);
    const results: Record<string, Record<string, number[]>> = {};
    for (const c of CASES) results[c] = Object.fromEntries(names.map((name) => [name, [] as number[]]));

    const limitsBefore = simdLimits();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        progress(`round ${round + 1} of ${ROUNDS}`);
        for (const c of CASES) {
          for (let i = 0; i < names.length; i++) {
            const name = names[(i + round) % names.length];
            const time = contenders[name][c];
            if (time) results[c][name].push(await time(c, SLICE_SECONDS));
          }
        }
      }
    } finally {
      javascriptEngine.close();
    }
    useKernels('auto');
    const limitsAfter = simdLimits();
    const f64x2 = Math.max(limitsBefore.f64x2, limitsAfter.f64x2);
    const f32x4 = Math.max(limitsBefore.f32x4, limitsAfter.f32x4);

    const rows: BenchRow[] = [
      {
        measure: `${TFJS_WASM} logits vs the engine's`,
        value: tfjs.error * 1e6,
        unit: 'ppm',
        note: `relative max-norm error ${tfjs.error.toExponential(1)}, checked ≤ ${AGREEMENT} before timing`,
      },
      {
        measure: `${ORT} logits vs the engine's`,
        value: onnx.error * 1e6,
        unit: 'ppm',
        note: `relative max-norm error ${onnx.error.toExponential(1)}, checked ≤ ${AGREEMENT} before timing`,
      },
    ];
    for (const c of CASES) {
      for (const name of names) {
        const values = results[c][name];
        if (values.length > 0)
          rows.push({
            measure: `${name} ${c}`,
            value: median(values),
            unit: 'images/s',
            note: `median of ${values.length} rounds, ${range(values)}`,
          });
      }
      if (c === 'train b1' || c === 'train b16')
        rows.push({
          measure: `${TFJS_WASM} / ${ORT} ${c}`,
          value: NaN,
          unit: '',
          note: 'not timed: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, and onnxruntime-web is an inference runtime',
        });
    }
    const perRound = (fn: (round: number) => number): number[] => Array.from({ length: ROUNDS }, (_, r) => fn(r));
    const ratioRow = (measure: string, values: number[], goal: string): BenchRow => ({
      measure,
      value: median(values),
      unit: '×',
      note: `median of per-round ratios, ${range(values)}; ${goal}`,
    });
    for (const c of ['forward b1', 'forward b16'] as Case[]) {
      const ratios = perRound((r) => results[c][ENGINE][r] / Math.max(...PEERS.map((p) => results[c][p][r])));
      rows.push(
        ratioRow(`ratio ${ENGINE} / faster peer, ${c}`, ratios, c === 'forward b16' ? 'goal ≥ 1.0' : 'no goal'),
      );
    }
    for (const c of CASES) {
      rows.push(
        ratioRow(
          `ratio ${ENGINE} / ${ENGINE_JS}, ${c}`,
          perRound((r) => results[c][ENGINE][r] / results[c][ENGINE_JS][r]),
          "the SIMD kernels' gain",
        ),
      );
    }
    for (const name of [ENGINE, ENGINE_JS]) {
      for (const kind of ['forward', 'train']) {
        const ratios = perRound(
          (r) => results[`${kind} b16` as Case][name][r] / results[`${kind} b1` as Case][name][r],
        );
        // The goal is the SIMD path's: the JavaScript path runs a batch a picture at a time (src/core/model.ts).
        const goal = name === ENGINE && kind === 'train' ? 'goal ≥ 2' : 'no goal';
        rows.push(ratioRow(`${name} ${kind}: batch 16 / batch 1 per image`, ratios, goal));
      }
    }
    const macs = forwardMacs();
    const engineMacRate = median(results['forward b16'][ENGINE]) * macs;
    rows.push({
      measure: 'WebAssembly SIMD f64x2 dot product (in cache)',
      value: f64x2,
      unit: 'MAC/s',
      note: 'limit, best of before and after the rounds',
    });
    rows.push({
      measure: 'WebAssembly SIMD f32x4 dot product (in cache)',
      value: f32x4,
      unit: 'MAC/s',
      note: 'limit, best of before and after the rounds',
    });
    rows.push({
      measure: `${ENGINE} forward b16, nominal MAC rate`,
      value: engineMacRate,
      unit: 'MAC/s',
      note: `${(macs / 1e6).toFixed(2)} M direct MACs per picture; ${((100 * engineMacRate) / f64x2).toFixed(0)}% of the f64x2 limit, ${((100 * engineMacRate) / f32x4).toFixed(0)}% of f32x4 (Winograd does 2.25× fewer multiplications)`,
    });
    return rows;
  },
};
