/**
 * The model's input picture: one sheet per channel (R, G, B, or Grey), pixels 0–255 at B4, written and read
 * in one call per channel.
 */
import type { ModelSpec, Tensor } from '../core/types';
import { assertShape, tensor } from '../core/tensor';
import type { Workbook } from './workbook';
import type { CellPosition } from './layout';
import { mapCell, mapRange } from './layout';
import { pictureChannelNames, pictureSheets } from './sheet-names';
import { writeStepSheet } from './step-sheet';
import { pixelCheck, withCheck } from './block-checks';
import { mapSheet } from './tensor-sheets';
import { channelNumberFormat, channelRule } from './colors';
import { STEPS, stepTitle } from './steps';
import { readNumberBlock, rangeText } from './read-block';
import { requireSheets } from './required-sheets';

/** The picture's sheets for this spec (R, G, B or Grey), refusing a channel count no sheet layout shows. */
function channelSheets(spec: ModelSpec): readonly string[] {
  const sheets = pictureSheets(spec.input.channels);
  if (spec.input.channels !== sheets.length) {
    throw new Error(
      `The sheets show pictures with 3 channels (R, G, B) or 1 (Grey); this spec has ${spec.input.channels}. Use 3 or 1 input channels.`,
    );
  }
  return sheets;
}

function channelBlock(image: Tensor, c: number): number[][] {
  const [, height, width] = image.shape;
  const offset = c * height * width;
  return Array.from({ length: height }, (_, y) =>
    Array.from(image.data.subarray(offset + y * width, offset + (y + 1) * width)),
  );
}

/** Writes the picture (pixels 0–255, CHW) into the R, G, B (or Grey) sheets: one write per channel plus formatting. */
export function writeInputImage(workbook: Workbook, spec: ModelSpec, image: Tensor): void {
  const sheets = channelSheets(spec);
  const names = pictureChannelNames(spec.input.channels);
  const { channels, height, width } = spec.input;
  assertShape('writeInputImage', 'image', image, [channels, height, width]);
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i];
    if (!(v >= 0 && v <= 255))
      throw new Error(`writeInputImage: pixel ${i} is ${v}; pixels must be numbers from 0 to 255`);
  }
  const range = mapRange(1, height, width);
  sheets.forEach((name, c) => {
    const content = mapSheet({
      name,
      title: stepTitle('input', `${names[c]} channel`),
      detail: `How much ${names[c]} each pixel holds, 0–255. Type a value to change the picture.`,
      shape: [1, height, width],
      data: channelBlock(image, c),
      // 'R (red)', but a grey picture's map is just 'Grey'.
      mapName: () => (name.toLowerCase() === names[c] ? name : `${name} (${names[c]})`),
      mapNote: () => `Row 1, column 1 of the picture: the top-left pixel's ${names[c]} level (0 = none, 255 = full).`,
      values: { span: { min: 0, max: 255 }, format: channelNumberFormat(channels, c, '0'), bounded: true },
      colorRules: [channelRule(channels, c, [range])],
    });
    writeStepSheet(workbook, withCheck(content, pixelCheck(name, height, width)));
  });
}

/** Reads the picture back from the R, G, B (or Grey) sheets (one read per channel); pixels must be numbers 0–255. */
export function readInputImage(workbook: Workbook, spec: ModelSpec): Tensor {
  const sheets = channelSheets(spec);
  const { channels, height, width } = spec.input;
  requireSheets(workbook, sheets);
  const image = tensor([channels, height, width]);
  const positions: CellPosition[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) positions.push(mapCell(1, height, width, 0, y, x));
  sheets.forEach((sheet, c) => {
    const pixels = readNumberBlock(workbook, {
      sheet,
      cells: positions,
      expected: `${height} × ${width} pixels in ${rangeText(mapRange(1, height, width))}`,
      describe: (n) => `pixel row ${Math.floor(n / width) + 1}, column ${(n % width) + 1}`,
      check: (v) =>
        v >= 0 && v <= 255 ? null : `${STEPS.input.name.toLowerCase()} pixels are 0–255; type a value in that range.`,
    });
    image.data.set(pixels, c * height * width);
  });
  return image;
}
