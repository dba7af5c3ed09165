/**
 * The sidebar page opened on a chosen panel. Sidebar.html starts on the Image panel through
 * `<body data-initial-panel="image">`; the menu item that opens it names another panel by rewriting that
 * attribute (and can open the Build model section), so the page needs no template engine and no server call.
 */

/** Panels a menu item can open (tab names of the sidebar). */
export type SidebarPanel = 'image' | 'dataset' | 'train' | 'evaluate';

const INITIAL_PANEL = 'data-initial-panel="image"';
const BUILD_SECTION = '<details id="build-model">';

export interface SidebarStart {
  readonly panel: SidebarPanel;
  /** Unfold the Build model… section of the Image panel. */
  readonly openBuildSection?: boolean;
}

/** The page's HTML set to open as `start` says; throws if the page lacks the markers (a build mismatch). */
export function sidebarHtmlFor(page: string, start: SidebarStart): string {
  let html = replaceOnce(page, INITIAL_PANEL, `data-initial-panel="${start.panel}"`);
  if (start.openBuildSection) html = replaceOnce(html, BUILD_SECTION, '<details id="build-model" open>');
  return html;
}

function replaceOnce(text: string, marker: string, replacement: string): string {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + marker.length) >= 0) {
    throw new Error(
      `The sidebar page should contain ${marker} exactly once; rebuild the add-on (npm run build) and push it again.`,
    );
  }
  return text.slice(0, at) + replacement + text.slice(at + marker.length);
}
