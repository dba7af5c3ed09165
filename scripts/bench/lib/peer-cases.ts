/**
 * The peers benchmark's cases and the engine's work for each, shared by the benchmark (scripts/bench/peers.ts)
 * and the process that times the engine's JavaScript kernels on their own (engine-javascript-worker.ts): both
 * build the same network, weights and pictures from here.
 */
import { fork } from 'child_process';
import * as path from 'path';
import { benchExamples } from './examples';
import { defaultSpec } from '../../../src/core/spec';
import { classifyBatch, cloneParams, initParams } from '../../../src/core/model';
import { createOptimizerState } from '../../../src/core/optim';
import { trainBatch } from '../../../src/core/train';
import { useKernels } from '../../../src/core/simd/kernels';
import type { Example, ModelParams, OptimizerConfig } from '../../../src/core/types';

export const spec = defaultSpec();
const BATCH = 16;
const SGD: OptimizerConfig = { kind: 'sgd', learningRate: 0.01 };

export type Case = 'forward b1' | 'forward b16' | 'train b1' | 'train b16';
export const CASES: Case[] = ['forward b1', 'forward b16', 'train b1', 'train b16'];

/** One contender's work for one case: processes `items` pictures per call. */
export interface Work {
  readonly items: number;
  run(): unknown;
}

/** The network's weights and the batch every contender works on. */
export function peerInputs(): { params: ModelParams; examples: Example[] } {
  return { params: initParams(spec, 7), examples: benchExamples(spec, BATCH) };
}

/** Items per second of `work` over `seconds` (after one warm-up call); awaits asynchronous work. */
export async function rate(work: Work, seconds: number): Promise<number> {
  await work.run();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    await work.run();
    calls++;
    now = performance.now();
  }
  return (calls * work.items) / ((now - start) / 1000);
}

/** The engine's class scores and SGD training steps on `kernels`, for batches of 1 and BATCH. */
export function engineWork(
  params: ModelParams,
  examples: Example[],
  kernels: 'auto' | 'javascript',
): Record<Case, Work> {
  const forwardWork = (batch: Example[]): Work => ({
    items: batch.length,
    run: () => {
      useKernels(kernels);
      classifyBatch(
        spec,
        params,
        batch.map((e) => e.image),
      );
    },
  });
  const trainWork = (size: number): Work => {
    const p = cloneParams(params);
    let state = createOptimizerState(SGD, p);
    return {
      items: size,
      run: () => {
        useKernels(kernels);
        state = trainBatch(spec, p, examples.slice(0, size), SGD, state).state;
      },
    };
  };
  return {
    'forward b1': forwardWork(examples.slice(0, 1)),
    'forward b16': forwardWork(examples),
    'train b1': trainWork(1),
    'train b16': trainWork(BATCH),
  };
}

/** Times one case for `seconds` and resolves to its images per second. */
export type Timer = (kase: Case, seconds: number) => Promise<number>;

/**
 * The engine on its JavaScript kernels, timed in a child process (engine-javascript-worker.ts) started with this
 * process's loader flags; one request at a time. `close` lets the child exit.
 */
export function javascriptEngineProcess(): { time: Timer; close(): void } {
  const child = fork(path.join(__dirname, 'engine-javascript-worker.ts'), [], { execArgv: process.execArgv });
  const time: Timer = (kase, seconds) =>
    new Promise((resolve, reject) => {
      const failed = (code: number | null) => reject(new Error(`the JavaScript-kernels process exited (${code})`));
      child.once('exit', failed);
      child.once('message', (reply: { rate: number }) => {
        child.off('exit', failed);
        resolve(reply.rate);
      });
      child.send({ kase, seconds });
    });
  return { time, close: () => child.disconnect() };
}
