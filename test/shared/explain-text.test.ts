/**
 * The words of "Explain this cell" for the worked example: the sentences carry the same numbers as the
 * sheet (each recomputed here from the cells the explanation names), in plain terms.
 */
import { smallSpec } from '../../src/core';
import { explanationText, short } from '../../src/shared/explain-text';
import { explainCell } from '../../src/sheet/explain';
import { LOSS_READING_CELLS } from '../../src/sheet/loss-sheet';
import { LOSS_SHEET, SOFTMAX_SHEET } from '../../src/sheet/sheet-names';
import { buildOnEngine, LABEL } from '../sheet/model-fixture';

const { workbook, spec } = buildOnEngine(smallSpec(), 'values');

test('softmax: e^score of every class, their sum, and the division', () => {
  const e = explainCell(workbook, SOFTMAX_SHEET, { row: 5, col: 2 });
  const text = explanationText(e);
  const exps = e.inputs.map((l) => Math.exp(l.value));
  const total = exps.reduce((s, v) => s + v, 0);
  expect(text.title).toBe(`Softmax · "${spec.classes[1]}"`);
  expect(text.lines[0]).toBe(
    `e raised to each score makes it positive and stretches the gaps: ${spec.classes.map((c, i) => `${c} e^${short(e.inputs[i].value)} = ${short(exps[i])}`).join('; ')}.`,
  );
  expect(text.lines[1]).toBe(`Their sum is ${short(total)}; dividing each by it makes them add up to 1.`);
  expect(text.equation).toBe(
    `e^${short(e.inputs[1].value)} ÷ Σ = ${short(exps[1])} ÷ ${short(total)} = ${String(e.value)}`,
  );
});

test('loss: the three readings with their numbers, and the predicted class', () => {
  const e = explainCell(workbook, LOSS_SHEET, LOSS_READING_CELLS.crossEntropy);
  const text = explanationText(e);
  const p = e.inputs.map((n) => n.value);
  expect(e.classIndex).toBe(LABEL);
  expect(text.lines[2]).toBe(
    `Negative log-likelihood (cross-entropy): −ln ${short(p[LABEL])} = ${short(-Math.log(p[LABEL]))} — the surprise at the right answer; this is what training lowers.`,
  );
  expect(text.lines.some((line) => line.startsWith('Distance: √Σ (t − p)² = √('))).toBe(true);
  expect(text.lines.some((line) => line.startsWith('KL divergence: Σ t · ln(t ÷ p) = 1 · ln(1 ÷ '))).toBe(true);
  expect(text.lines.at(-1)).toMatch(/^Predicted class: ".+", the highest probability \(0\.\d+\)\.$/);
  expect(text.equation).toBe(`−ln ${short(p[LABEL])} = ${String(e.value)}`);
});

test('with no label chosen, the loss says how to choose one', () => {
  workbook.writeCells('Model', 4, 2, [['']]);
  const e = explainCell(workbook, LOSS_SHEET, LOSS_READING_CELLS.crossEntropy);
  // Values mode keeps the numbers written for the label until the forward pass runs again; the label is now none.
  expect(explanationText(e).lines[0]).toMatch(/^No label is chosen/);
});
