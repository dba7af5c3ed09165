/**
 * The add-on's entry points: dist/Code.js's loader, sheetCnn_(), returns this object, and scripts/build.mjs
 * writes one top-level Apps Script function per property (triggers, menu items, google.script.run targets and
 * custom functions), copying each one's JSDoc (a custom function's is written from src/functions/declarations.ts
 * and function-docs.ts).
 * This object is the one list of entry points.
 */
import { CUSTOM_FUNCTIONS } from '../functions';
import { serverEndpoints } from './endpoints';
import {
  menuBuildModel,
  menuCheckSpreadsheet,
  menuExportXlsx,
  menuHelp,
  menuImportImage,
  menuModelFiles,
  menuRunForwardPass,
  menuTrain,
  onInstall,
  onOpen,
} from './menu';

const entryPoints = {
  onOpen,
  onInstall,
  menuImportImage,
  menuRunForwardPass,
  menuTrain,
  menuBuildModel,
  menuModelFiles,
  menuExportXlsx,
  menuHelp,
  menuCheckSpreadsheet,
  ...serverEndpoints,
  ...CUSTOM_FUNCTIONS,
};

export = entryPoints;
