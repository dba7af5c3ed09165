/**
 * Which kernels run: WebAssembly SIMD under Node, the JavaScript loops when forced or when the host lacks
 * WebAssembly or its SIMD instructions, and the same numbers either way: to float64 rounding, and to float32's for
 * training's gradients, whose products run in float32 on SIMD.
 */
import { arrayRelativeError, randomTensor } from './reference';
import { createRng } from '../../src/core/random';
import { backward, forward, initParams } from '../../src/core/model';
import { defaultSpec } from '../../src/core/spec';
import { kernelPath, useKernels } from '../../src/core';
import type { ModelParams } from '../../src/core/types';
import { dense, denseEach } from '../../src/core/dense';
import { tensor } from '../../src/core/tensor';
import { paramList } from '../../src/core/model';

afterEach(() => useKernels('auto'));

test('Node runs the SIMD kernels; useKernels("javascript") forces the fallback and "auto" brings them back', () => {
  expect(kernelPath()).toBe('wasm-simd');
  useKernels('javascript');
  expect(kernelPath()).toBe('javascript');
  useKernels('auto');
  expect(kernelPath()).toBe('wasm-simd');
  expect(() => useKernels('simd' as never)).toThrow("useKernels: simd is not 'auto' or 'javascript'");
});

test('both paths give the default network the same activations (float64) and gradients (float32 rounding)', () => {
  const spec = defaultSpec();
  const rng = createRng(5);
  const params = initParams(spec, 3);
  const image = randomTensor(rng, [3, 28, 28], 255);
  const run = (): { logits: Float64Array; conv: Float64Array; grads: ModelParams } => {
    const acts = forward(spec, params, image);
    return {
      logits: acts.logits.data,
      conv: acts.blocks[1].conv.data,
      grads: backward(spec, params, { image, label: 1 }).grads,
    };
  };
  const simd = run();
  useKernels('javascript');
  const js = run();
  expect(arrayRelativeError(simd.logits, js.logits)).toBeLessThanOrEqual(1e-12);
  expect(arrayRelativeError(simd.conv, js.conv)).toBeLessThanOrEqual(1e-12);
  paramList(simd.grads).forEach((g, i) =>
    expect(arrayRelativeError(g.data, paramList(js.grads)[i].data)).toBeLessThanOrEqual(1e-5),
  );
});

describe('hosts without the SIMD kernels fall back to JavaScript', () => {
  const original = globalThis.WebAssembly;
  afterEach(() => {
    globalThis.WebAssembly = original;
  });

  /** kernelPath() of a freshly loaded core, so the first-use detection runs again under the changed host. */
  function freshKernelPath(): string {
    let path = '';
    jest.isolateModules(() => {
      path = (require('../../src/core/simd/kernels') as typeof import('../../src/core/simd/kernels')).kernelPath();
    });
    return path;
  }

  test('no WebAssembly global (as Apps Script may be)', () => {
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    expect(freshKernelPath()).toBe('javascript');
  });

  test('WebAssembly without SIMD: the module does not validate', () => {
    globalThis.WebAssembly = { ...original, validate: () => false };
    expect(freshKernelPath()).toBe('javascript');
  });

  test('WebAssembly that refuses to compile', () => {
    globalThis.WebAssembly = {
      ...original,
      Module: function refuse() {
        throw new Error('CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder');
      } as unknown as typeof WebAssembly.Module,
    };
    expect(freshKernelPath()).toBe('javascript');
  });

  test('with WebAssembly as it is, a fresh load finds SIMD', () => {
    expect(freshKernelPath()).toBe('wasm-simd');
  });
});

describe('the dense layer of several pictures', () => {
  const denseRng = createRng(17);
  // Classes around the kernel's blocks of 8 (padded 5 → 8, exactly 8, 11 → 16); inputs odd and even.
  test.each([
    [3136, 5],
    [513, 8],
    [1000, 11],
    [2, 2000],
  ])('%i inputs × %i classes: on the SIMD kernels, the JavaScript loop’s numbers exactly', (inputs, classes) => {
    const weights = randomTensor(denseRng, [inputs, classes]);
    const bias = randomTensor(denseRng, [classes]);
    // Post-ReLU vectors: about half exactly zero.
    const vectors = [0, 1, 2].map(() =>
      tensor(
        [inputs],
        randomTensor(denseRng, [inputs]).data.map((v) => Math.max(0, v)),
      ),
    );
    const simd = denseEach(vectors, weights, bias).map((t) => t.data);
    useKernels('javascript');
    const js = denseEach(vectors, weights, bias).map((t) => t.data);
    expect(simd).toEqual(js);
    expect(js).toEqual(vectors.map((vector) => dense(vector, weights, bias).data));
    // And the documented sum itself: from the bias, in input order, exactly.
    for (const [v, vector] of vectors.entries())
      for (let k = 0; k < classes; k++) {
        let sum = bias.data[k];
        for (let i = 0; i < inputs; i++) sum += vector.data[i] * weights.data[i * classes + k];
        expect(simd[v][k]).toBe(sum);
      }
  });

  test('refuses weights of the wrong shape, as dense does', () => {
    const weights = tensor([4000, 5]);
    expect(() => denseEach([tensor([3999])], weights, tensor([5]))).toThrow(
      'dense: weights have shape [4000, 5] but vector has shape [3999]',
    );
    expect(() => denseEach([tensor([4000])], weights, tensor([4]))).toThrow(/dense: bias/);
  });
});
