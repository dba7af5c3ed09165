/**
 * The add-on menu and what its items do. onOpen may run before the user has authorised the add-on
 * (AuthMode.NONE), so it only builds the menu: no Properties, no spreadsheet reads.
 */
import { createServer } from '../server';
import { CHECK_TITLE, checkReportHtml, EXPORT_TITLE, exportHtml, HELP_HTML, HELP_TITLE } from './dialogs';
import { runSelfCheck } from './self-check';
import { addOnFile, googleHost } from './google-host';
import { predictionText } from './prediction-text';
import { sidebarHtmlFor } from './sidebar-page';
import type { SidebarStart } from './sidebar-page';

/** Menu captions and the global functions they call, in menu order. */
export const MENU_ITEMS = [
  { caption: 'Import image', functionName: 'menuImportImage' },
  { caption: 'Run forward pass', functionName: 'menuRunForwardPass' },
  { caption: 'Train…', functionName: 'menuTrain' },
  { caption: 'Build model…', functionName: 'menuBuildModel' },
  { caption: 'Model files…', functionName: 'menuModelFiles' },
  { caption: 'Export as .xlsx…', functionName: 'menuExportXlsx' },
] as const;

/** The Help submenu, last in the menu. */
export const HELP_MENU_ITEMS = [
  { caption: 'Sheet CNN help', functionName: 'menuHelp' },
  { caption: 'Check this spreadsheet', functionName: 'menuCheckSpreadsheet' },
] as const;

const TITLE = 'Sheet CNN';

/** Simple trigger: adds the Sheet CNN menu under Extensions. */
export function onOpen(): void {
  const ui = SpreadsheetApp.getUi();
  const menu = ui.createAddonMenu();
  for (const item of MENU_ITEMS) menu.addItem(item.caption, item.functionName);
  const help = ui.createMenu('Help');
  for (const item of HELP_MENU_ITEMS) help.addItem(item.caption, item.functionName);
  menu.addSubMenu(help).addToUi();
}

/** Runs once when the add-on is installed from the Marketplace, so the menu appears without reopening. */
export function onInstall(): void {
  onOpen();
}

/** Opens the sidebar on the Image panel. */
export function menuImportImage(): void {
  showSidebar({ panel: 'image' });
}

/** Runs the network on the picture in R, G, B (building the default model first if there is none) and shows the prediction in a toast. */
export function menuRunForwardPass(): void {
  withAlert(() => {
    // The server builds the default model first when the spreadsheet has none.
    const prediction = createServer(googleHost()).runForwardPass();
    SpreadsheetApp.getActiveSpreadsheet().toast(
      predictionText(prediction),
      `${TITLE}: ${prediction.classes[prediction.predicted]}`,
      15,
    );
  });
}

/** Opens the sidebar on the Train panel. */
export function menuTrain(): void {
  showSidebar({ panel: 'train' });
}

/** Opens the sidebar on the Image panel with the Build model section unfolded. */
export function menuBuildModel(): void {
  showSidebar({ panel: 'image', openBuildSection: true });
}

/** Explains how to download the model as .xlsx, and what survives the trip. */
export function menuExportXlsx(): void {
  withAlert(() => {
    const info = createServer(googleHost()).getModelInfo();
    const html = exportHtml(SpreadsheetApp.getActiveSpreadsheet().getId(), info.exists ? info.mode : null);
    SpreadsheetApp.getUi().showModalDialog(
      HtmlService.createHtmlOutput(html).setWidth(460).setHeight(330),
      EXPORT_TITLE,
    );
  });
}

/** Help → Check this spreadsheet: runs the self-check in this document and shows its report. */
export function menuCheckSpreadsheet(): void {
  withAlert(() => {
    const report = runSelfCheck({
      spreadsheet: SpreadsheetApp.getActiveSpreadsheet(),
      app: SpreadsheetApp,
      documentLock: () => LockService.getDocumentLock(),
      now: () => Date.now(),
      addOnFile,
    });
    SpreadsheetApp.getUi().showModalDialog(
      HtmlService.createHtmlOutput(checkReportHtml(report)).setWidth(720).setHeight(560),
      CHECK_TITLE,
    );
  });
}

/** The Model files dialog: export the model (TensorFlow.js, ONNX) or the dataset, import a model. */
export function menuModelFiles(): void {
  const page = HtmlService.createHtmlOutputFromFile('Files').setWidth(460).setHeight(560);
  SpreadsheetApp.getUi().showModalDialog(page, 'Sheet CNN model files');
}

/** A short static help page. */
export function menuHelp(): void {
  SpreadsheetApp.getUi().showModalDialog(
    HtmlService.createHtmlOutput(HELP_HTML).setWidth(520).setHeight(520),
    HELP_TITLE,
  );
}

function showSidebar(start: SidebarStart): void {
  const page = HtmlService.createHtmlOutputFromFile('Sidebar');
  page.setContent(sidebarHtmlFor(page.getContent(), start)).setTitle(TITLE);
  SpreadsheetApp.getUi().showSidebar(page);
}

/** A menu item's failure is shown as an alert with the server's message (not a bare "script error"). */
function withAlert(work: () => void): void {
  try {
    work();
  } catch (error) {
    const ui = SpreadsheetApp.getUi();
    ui.alert(TITLE, error instanceof Error ? error.message : String(error), ui.ButtonSet.OK);
  }
}
