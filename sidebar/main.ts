/** Sidebar entry: tabs, the four panels, and the first panel to open (chosen by the shell or the URL). */
import { setUpCustomFunctionsNotice } from './custom-functions-notice';
import { byId } from './dom';
import { createModelStore } from './model-store';
import { setUpBuildPanel } from './panels/build-panel';
import { setUpDatasetPanel } from './panels/dataset-panel';
import { setUpEvaluatePanel } from './panels/evaluate-panel';
import { setUpExplainPanel } from './panels/explain-panel';
import { setUpImagePanel } from './panels/image-panel';
import { setUpTrainPanel } from './panels/train-panel';
import { initialPanel, setUpTabs } from './tabs';
import { watchSheet } from './freshness';

/** How often the sidebar asks whether the sheets changed: every 3 s for 2 minutes after anything happened, then every 15 s. */
const CHECK_EVERY_MS = 3_000;
const ACTIVE_FOR_MS = 120_000;
const IDLE_CHECK_EVERY_MS = 15_000;

function main(): void {
  const store = createModelStore();
  setUpCustomFunctionsNotice(store);
  setUpBuildPanel(store);
  const image = setUpImagePanel(store);
  const dataset = setUpDatasetPanel(store);
  setUpTrainPanel(store);
  setUpEvaluatePanel();
  const explain = setUpExplainPanel();

  const tabs = setUpTabs(byId('panel-tabs', HTMLDivElement));
  tabs.onSelect((name) => {
    if (name === 'dataset') void dataset.refresh();
    explain.setVisible(name === 'explain');
  });
  void image.refresh();
  tabs.select(initialPanel(document.body, window.location.hash));
  watchSheet({
    intervalMs: CHECK_EVERY_MS,
    activeForMs: ACTIVE_FOR_MS,
    idleIntervalMs: IDLE_CHECK_EVERY_MS,
    async onChange() {
      await image.refreshFromSheet();
      if (!byId('panel-dataset', HTMLElement).hidden) await dataset.refresh();
    },
  });
}

main();
