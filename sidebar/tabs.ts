/**
 * ARIA tabs (WAI-ARIA Authoring Practices, automatic activation): Left/Right/Home/End move between tabs,
 * only the selected tab is in the tab order, and each tab shows its own panel.
 */

export type PanelName = 'image' | 'dataset' | 'train' | 'evaluate' | 'explain';

export const PANEL_NAMES: readonly PanelName[] = ['image', 'dataset', 'train', 'evaluate', 'explain'];

export function isPanelName(value: string): value is PanelName {
  return (PANEL_NAMES as readonly string[]).includes(value);
}

export interface Tabs {
  select(name: PanelName, focus?: boolean): void;
  /** Called after a tab is shown (e.g. to refresh its data). */
  onSelect(listener: (name: PanelName) => void): void;
}

export function setUpTabs(tablist: HTMLElement): Tabs {
  const tabs = Array.from(tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const listeners: ((name: PanelName) => void)[] = [];
  const nameOf = (tab: HTMLButtonElement): PanelName => {
    const name = tab.dataset.panel ?? '';
    if (!isPanelName(name)) throw new Error(`Tab ${tab.id} has no known data-panel.`);
    return name;
  };

  const select = (name: PanelName, focus = false): void => {
    for (const tab of tabs) {
      const selected = nameOf(tab) === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel !== null) panel.hidden = !selected;
      if (selected && focus) tab.focus();
    }
    listeners.forEach((listener) => listener(name));
  };

  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(nameOf(tab)));
    tab.addEventListener('keydown', (event) => {
      const last = tabs.length - 1;
      const target =
        event.key === 'ArrowRight'
          ? index === last
            ? 0
            : index + 1
          : event.key === 'ArrowLeft'
            ? index === 0
              ? last
              : index - 1
            : event.key === 'Home'
              ? 0
              : event.key === 'End'
                ? last
                : -1;
      if (target < 0) return;
      event.preventDefault();
      select(nameOf(tabs[target]), true);
    });
  });

  return { select, onSelect: (listener) => listeners.push(listener) };
}

/**
 * The panel to open first: the shell may set data-initial-panel on <body> (e.g. the Train… menu item), the
 * playground may use a #panel=train hash; the Image panel otherwise.
 */
export function initialPanel(body: HTMLElement, hash: string): PanelName {
  const fromHash = /(?:^#|&)panel=([a-z]+)/.exec(hash)?.[1] ?? '';
  if (isPanelName(fromHash)) return fromHash;
  const fromShell = body.dataset.initialPanel ?? '';
  return isPanelName(fromShell) ? fromShell : 'image';
}
