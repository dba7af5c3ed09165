/**
 * Shared steps of the server tests: a server over the real local formula engine (wrapped in the counting
 * workbook), seeded pictures as the sidebar sends them, and readers of what the engine computed.
 */
import { createRng, tensor } from '../../src/core';
import type { Tensor } from '../../src/core/types';
import { createServer } from '../../src/server';
import { createLocalHost } from '../../src/local/engine/local-host';
import type { LocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import type { PicturePixels, ServerApi } from '../../src/shared/api';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { columnRange } from '../../src/sheet/layout';
import { SOFTMAX_SHEET } from '../../src/sheet/sheet-names';

export interface ServerSetup {
  readonly inner: LocalWorkbook;
  readonly counting: CountingWorkbook;
  readonly host: LocalHost;
  readonly api: ServerApi;
}

export function newServer(): ServerSetup {
  const inner = new LocalWorkbook();
  const counting = new CountingWorkbook(inner);
  const host = createLocalHost(counting);
  return { inner, counting, host, api: createServer(host) };
}

/** Seeded RGB bytes of a width×height picture. */
export function seededBytes(width: number, height: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: width * height * 3 }, () => Math.floor(rng.next() * 256));
}

/** A picture as the sidebar sends it, base64 made by Node's own encoder (independent of src/shared/pixels). */
export function picture(name: string, width: number, height: number, seed: number): PicturePixels {
  return { name, width, height, rgbBase64: Buffer.from(seededBytes(width, height, seed)).toString('base64') };
}

/** The picture's bytes as the engine's CHW tensor, converted here rather than by the code under test. */
export function chwOf(p: PicturePixels): Tensor {
  const bytes = Buffer.from(p.rgbBase64, 'base64');
  const plane = p.width * p.height;
  const image = tensor([3, p.height, p.width]);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) image.data[c * plane + i] = bytes[i * 3 + c];
  return image;
}

/** The probabilities the formula engine shows on the Softmax sheet. */
export function softmaxColumn(workbook: LocalWorkbook, classes: number): number[] {
  return workbook.readValues(SOFTMAX_SHEET, columnRange(classes)).map((row) => row[0] as number);
}
