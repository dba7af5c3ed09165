/**
 * The notice shown when a model built in custom mode finds its custom functions inactive in this document
 * (the Model sheet's =SHEETCNN_VERSION() probe reads #NAME?): under a test deployment, or before the add-on is
 * enabled here, Sheets does not run them, and every step sheet shows an error. It offers to rebuild in native
 * or values mode with the same weights. A probe still loading is asked about again a few times first.
 */
import type { FormulaMode, ModelInfo } from '../src/shared/api';
import { byId } from './dom';
import type { ModelStore } from './model-store';
import { call } from './rpc';

/** How long to wait before asking again about a probe still loading, and how many times. */
export const PROBE_RETRY_MS = 3000;
export const PROBE_RETRIES = 5;

const INACTIVE =
  'Custom functions are not active in this document, so the step sheets show #NAME? instead of numbers. ' +
  'This happens under a test deployment or before the add-on is enabled in this document. ' +
  'Rebuild the sheets with plain formulas (native) or numbers (values); the weights are kept.';

export function setUpCustomFunctionsNotice(store: ModelStore): void {
  const notice = byId('custom-functions-notice', HTMLDivElement);
  const text = byId('custom-functions-text', HTMLParagraphElement);
  const buttons: [HTMLButtonElement, FormulaMode][] = [
    [byId('rebuild-native', HTMLButtonElement), 'native'],
    [byId('rebuild-values', HTMLButtonElement), 'values'],
  ];
  let retries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (message: string): void => {
    text.textContent = message;
    notice.hidden = false;
  };

  store.subscribe((info: ModelInfo) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (info.customFunctions === 'checking' && retries < PROBE_RETRIES) {
      retries++;
      timer = setTimeout(() => {
        call('getModelInfo').then(
          (next) => store.set(next),
          () => undefined,
        );
      }, PROBE_RETRY_MS);
      return;
    }
    if (info.customFunctions === 'inactive' || info.customFunctions === 'checking') {
      show(INACTIVE);
      return;
    }
    retries = 0;
    notice.hidden = true;
  });

  for (const [button, mode] of buttons) {
    button.addEventListener('click', () => {
      buttons.forEach(([b]) => (b.disabled = true));
      call('setFormulaMode', mode)
        .then(
          (info) => store.set(info),
          (error: unknown) =>
            show(`${INACTIVE} The rebuild failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => buttons.forEach(([b]) => (b.disabled = false)));
    });
  }
}
