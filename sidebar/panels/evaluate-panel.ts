/** Evaluate panel: accuracy on the test split, per class, and the confusion matrix (rows actual, columns predicted). */
import type { EvaluationResult } from '../../src/shared/api';
import { byId, clearMessage, el, errorText, percent, showMessage, whileBusy } from '../dom';
import { call } from '../rpc';

function confusionTable(result: EvaluationResult): HTMLElement[] {
  const { classes, confusion } = result;
  const head = el('tr', {}, [
    el('th', { text: 'actual ↓ predicted →', attrs: { scope: 'col' } }),
    ...classes.map((name) => el('th', { text: name, attrs: { scope: 'col', title: name } })),
  ]);
  const body = classes.map((name, actual) =>
    el('tr', {}, [
      el('th', { text: name, attrs: { scope: 'row', title: name } }),
      ...classes.map((_, predicted) =>
        el('td', {
          text: String(confusion[actual]?.[predicted] ?? 0),
          className: actual === predicted ? 'diagonal' : '',
        }),
      ),
    ]),
  );
  return [el('thead', {}, [head]), el('tbody', {}, body)];
}

/** A class without test pictures has no accuracy: "n/a", with the reason on hover, rather than a made-up 0%. */
function classAccuracy(result: EvaluationResult, index: number): string {
  const tested = (result.confusion[index] ?? []).reduce((sum, n) => sum + n, 0);
  return tested === 0 ? 'n/a' : percent(result.perClassAccuracy[index] ?? 0);
}

export function setUpEvaluatePanel(): void {
  const button = byId('evaluate-button', HTMLButtonElement);
  const message = byId('evaluate-message', HTMLDivElement);
  const box = byId('evaluation', HTMLDivElement);
  const summary = byId('evaluate-summary', HTMLParagraphElement);
  const perClass = byId('evaluate-classes', HTMLTableSectionElement);
  const confusion = byId('confusion', HTMLTableElement);

  button.addEventListener('click', () => {
    void whileBusy([button], async () => {
      showMessage(message, 'info', 'Evaluating on the test pictures…');
      try {
        const result = await call('evaluate');
        if (result.count === 0) {
          box.hidden = true;
          showMessage(
            message,
            'warning',
            'The test split is empty: add pictures on the Dataset tab and split them first.',
          );
          return;
        }
        summary.textContent = `Accuracy ${percent(result.accuracy)} on ${result.count} test pictures.`;
        perClass.replaceChildren(
          ...result.classes.map((name, index) =>
            el('tr', {}, [
              el('th', { text: name, attrs: { scope: 'row' } }),
              el('td', { text: classAccuracy(result, index) }),
            ]),
          ),
        );
        confusion.replaceChildren(...confusionTable(result));
        box.hidden = false;
        clearMessage(message);
      } catch (error) {
        box.hidden = true;
        showMessage(message, 'error', `Evaluation failed: ${errorText(error)}`);
      }
    });
  });
}
