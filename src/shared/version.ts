/** The add-on's version (package.json's; a test keeps them equal). */
export const SHEET_CNN_VERSION = '0.1.0';

/** What the custom-function probe =SHEETCNN_VERSION() shows when Sheets runs this add-on's custom functions. */
export const PROBE_ANSWER = `Sheet CNN ${SHEET_CNN_VERSION}`;
