/**
 * Readable at a glance: formats with about three significant digits, columns that fit every formatted
 * number in Google Sheets' and the .xlsx file's fonts, colour scales fixed at −limit / 0 / +limit so 0 is
 * white, and text that meets WCAG AA contrast on every fill.
 */
import { backward, defaultSpec, smallSpec } from '../../src/core';
import { cellColors } from '../../src/local/playground/playground-colors';
import {
  CHANNEL_COLORS,
  NEGATIVE_COLOR,
  POSITIVE_COLOR,
  PROBABILITY_COLOR,
  channelNumberFormat,
  divergingRule,
} from '../../src/sheet/colors';
import { AA_CONTRAST, contrastRatio, mixColors } from '../../src/sheet/contrast';
import { ARIAL_10, CALIBRI_11, textWidthPx } from '../../src/sheet/font-metrics';
import { mapRange } from '../../src/sheet/layout';
import { writeGradients } from '../../src/sheet/weight-sheets';
import { runForward } from '../../src/sheet/whole-model';
import { numberFormatFor, numberWidthFor, scaleLimit, spanOf } from '../../src/sheet/number-display';
import { formatNumber } from '../../src/sheet/number-format';
import { filtersSheet, reluSheet } from '../../src/sheet/sheet-names';
import { TRAINING_LOG_SHEET, writeLogEntries, LOG_FIRST_ROW } from '../../src/sheet/training-log-sheet';
import { numbersWiderThanColumns } from '../helpers/readability';
import { buildOnEngine, seededImage, seededParams } from './model-fixture';

describe('contrast (WCAG 2 relative luminance)', () => {
  test('matches published ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    // WebAIM's checker: #777777 on white is 4.48:1, #767676 is 4.54:1.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  test('black text reads at AA on every colour of the diverging and probability scales', () => {
    for (const end of [NEGATIVE_COLOR, POSITIVE_COLOR, PROBABILITY_COLOR]) {
      for (let t = 0; t <= 1; t += 0.05)
        expect(contrastRatio(mixColors('#ffffff', end, t), '#000000')).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
  });

  test('pixel cells: the colour the number format names reads at AA on the fill of every level 0–255', () => {
    CHANNEL_COLORS.forEach((color, channel) => {
      for (const scale of [1, 1 / 255]) {
        const format = channelNumberFormat(3, channel, scale === 1 ? '0' : '0.00', scale);
        for (let level = 0; level <= 255; level++) {
          const shown = formatNumber(level * scale, format);
          expect(shown?.color).toMatch(/^#(000000|ffffff)$/);
          const fill = mixColors('#000000', color, level / 255);
          expect({ channel, level, ratio: contrastRatio(fill, shown?.color as string) >= AA_CONTRAST }).toEqual({
            channel,
            level,
            ratio: true,
          });
        }
      }
    });
  });
});

describe('number formats as spreadsheets render them', () => {
  test('fixed, percent, scientific and coloured sections', () => {
    expect(formatNumber(-0.0001, '0.000')).toEqual({ text: '0.000', color: null });
    expect(formatNumber(-1.23456, '0.00')).toEqual({ text: '-1.23', color: null });
    expect(formatNumber(0.2133333333, '0.0%')).toEqual({ text: '21.3%', color: null });
    expect(formatNumber(0.000123, '0.00E+00')).toEqual({ text: '1.23E-04', color: null });
    expect(formatNumber(-45600, '0.00E+00')).toEqual({ text: '-4.56E+04', color: null });
    expect(formatNumber(12, '[White][<234.5]0;[Black][>=234.5]0')).toEqual({ text: '12', color: '#ffffff' });
    expect(formatNumber(250, '[White][<234.5]0;[Black][>=234.5]0')).toEqual({ text: '250', color: '#000000' });
    expect(formatNumber(1, '#,##0')).toBeNull();
  });

  test('decimals give the largest value three significant digits; tiny values go scientific', () => {
    expect(numberFormatFor({ min: -0.4, max: 0.31 })).toBe('0.000');
    expect(numberFormatFor({ min: -3.2, max: 7 })).toBe('0.00');
    expect(numberFormatFor({ min: 0, max: 42 })).toBe('0.0');
    expect(numberFormatFor({ min: -250, max: 3 })).toBe('0');
    expect(numberFormatFor({ min: -0.0031, max: 0.002 })).toBe('0.00000');
    expect(numberFormatFor({ min: -3e-6, max: 1e-7 })).toBe('0.00E+00');
    expect(numberFormatFor({ min: 0, max: 0 })).toBe('0.00');
  });

  test('colour scale ends: the largest size rounded up to 1, 2 or 5 × 10^k', () => {
    expect(scaleLimit({ min: -0.31, max: 0.12 })).toBeCloseTo(0.5, 12);
    expect(scaleLimit({ min: 0, max: 1.7 })).toBe(2);
    expect(scaleLimit({ min: -5, max: 2 })).toBe(5);
    expect(scaleLimit({ min: 0, max: 6 })).toBe(10);
    expect(scaleLimit({ min: 0, max: 0 })).toBe(1);
  });

  test('a width fits the extremes and a value one digit longer, in Arial 10 and Calibri 11', () => {
    const span = { min: -2.5, max: 3.75 };
    const format = numberFormatFor(span);
    const px = numberWidthFor(span, format);
    for (const text of ['-2.50', '3.75', '-25.00', '37.50']) {
      expect(textWidthPx(text, ARIAL_10) + ARIAL_10.paddingPx).toBeLessThanOrEqual(px);
      expect(textWidthPx(text, CALIBRI_11) + CALIBRI_11.paddingPx).toBeLessThanOrEqual(px);
    }
    // Arial's digits are 0.556 em: "-25.00" at 13.33 px is 4 digits, a point and a hyphen.
    expect(textWidthPx('-25.00', ARIAL_10)).toBeCloseTo(((4 * 556 + 278 + 333) / 1000) * (40 / 3), 9);
  });

  test('a diverging scale paints 0 white, −limit and +limit at its ends, beyond them the end colour', () => {
    const values = [[-2, -1, 0, 1, 2, 7]];
    const [colors] = cellColors(values, [divergingRule([{ row: 1, col: 1, rows: 1, cols: 6 }], 2)]);
    expect(colors).toEqual([
      NEGATIVE_COLOR,
      mixColors('#ffffff', NEGATIVE_COLOR, 0.5),
      '#ffffff',
      mixColors('#ffffff', POSITIVE_COLOR, 0.5),
      POSITIVE_COLOR,
      POSITIVE_COLOR,
    ]);
  });
});

describe('every number on every model sheet fits its column', () => {
  test.each([
    ['small', 'values'],
    ['small', 'native'],
    ['default', 'custom'],
  ] as const)('%s spec, %s mode', (name, mode) => {
    const spec = name === 'small' ? smallSpec() : defaultSpec();
    const { workbook } = buildOnEngine(spec, mode);
    const problems = workbook.sheetNames().flatMap((sheet) => numbersWiderThanColumns(workbook, sheet));
    expect(problems).toEqual([]);
  });

  test('gradients of any size, the training log, and weights edited to large values after a forward pass', () => {
    const spec = smallSpec();
    const { workbook } = buildOnEngine(spec, 'native');
    const params = seededParams(spec, 5);
    const { grads } = backward(spec, params, { image: seededImage(spec, 6), label: 1 });
    // Tiny gradients (scientific) and large ones.
    grads.conv[0].weights.data.forEach((_, i, data) => (data[i] *= 1e-4));
    grads.dense.weights.data.forEach((_, i, data) => (data[i] *= 300));
    writeGradients(workbook, spec, grads);
    writeLogEntries(workbook, LOG_FIRST_ROW, [
      {
        epoch: 1,
        step: 0,
        trainLoss: 1.0986122886681,
        trainAccuracy: 0.2133333333,
        testLoss: NaN,
        testAccuracy: NaN,
        imagesPerSecond: 1234.5678,
        time: '2026-01-01 00:00:00 UTC',
        note: '',
      },
    ]);
    // A person types a large weight: the next forward pass sizes the step sheets for the new numbers.
    workbook.writeCells(filtersSheet(0), 4, 2, [[-40]]);
    runForward(workbook);
    const problems = workbook.sheetNames().flatMap((sheet) => numbersWiderThanColumns(workbook, sheet));
    expect(problems).toEqual([]);
    expect(workbook.numberFormatAt(TRAINING_LOG_SHEET, LOG_FIRST_ROW, 4)).toBe('0.0%');
  });

  test('column A and the class columns fit a long class name shown through a formula', () => {
    const name = 'Daenerys Stormborn of House Targaryen';
    const spec = { ...smallSpec(), classes: [name, 'Jon', 'Arya'] };
    const { workbook } = buildOnEngine(spec, 'native');
    const needed = textWidthPx(name, ARIAL_10) + ARIAL_10.paddingPx;
    for (const sheet of ['Logits', 'Softmax', 'Loss'])
      expect(workbook.snapshot(sheet).columnWidths.get(1)).toBeGreaterThanOrEqual(needed);
    expect(workbook.snapshot('Dense weights').columnWidths.get(2)).toBeGreaterThanOrEqual(needed);
  });

  test("a ReLU sheet's zeros are white and its scale is symmetric around 0", () => {
    const spec = smallSpec();
    const { workbook } = buildOnEngine(spec, 'values');
    const [channels, height, width] = [spec.blocks[0].filters, spec.input.height, spec.input.width];
    const range = mapRange(channels, height, width);
    const values = workbook.readValues(reluSheet(0), {
      row: 1,
      col: 1,
      rows: range.row + range.rows - 1,
      cols: range.col + range.cols - 1,
    });
    const rules = workbook.snapshot(reluSheet(0)).colorRules;
    expect(rules[0].min.value).toBe(-(rules[0].max.value as number));
    const colors = cellColors(values, rules);
    let zeros = 0;
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === 0) {
          zeros++;
          expect(colors[r][c]).toBe('#ffffff');
        }
      }),
    );
    expect(zeros).toBeGreaterThan(0);
    expect(spanOf(values.flat().filter((v): v is number => typeof v === 'number')).min).toBe(0);
  });
});
