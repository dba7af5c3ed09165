/**
 * The Host of the add-on: the active spreadsheet through GoogleWorkbook, the document lock, the clock and
 * the caller's e-mail when Google reveals it.
 */
import type { Host } from '../server/host';
import { GoogleWorkbook } from './google-workbook';
import { googleSelection } from './google-selection';

/** The add-on's own HTML file `name` (pushed with the rest of dist/), as text: nothing comes from the network. */
export function addOnFile(name: string): string {
  return HtmlService.createHtmlOutputFromFile(name).getContent();
}

export function googleHost(): Host {
  const lock = LockService.getDocumentLock();
  if (lock === null) {
    throw new Error('Sheet CNN runs inside a spreadsheet: open it from Extensions → Sheet CNN in Google Sheets.');
  }
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return {
    workbook: new GoogleWorkbook(spreadsheet, SpreadsheetApp),
    selection: googleSelection(spreadsheet),
    lock,
    now: () => Date.now(),
    userName: activeUserEmail,
    addOnFile,
  };
}

/**
 * Session.getActiveUser() needs the userinfo.email scope, which the manifest does not ask for (the add-on only
 * needs this spreadsheet and its own UI), and consumer accounts often hide the address anyway: '' then.
 */
function activeUserEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
