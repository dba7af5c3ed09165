/**
 * The server: every endpoint the sidebar calls, over a Host (Apps Script services in the add-on, the local
 * workbook in tests, the CLI and the playground). Each group of endpoints lives in its own module.
 */
import type { ServerApi } from '../shared/api';
import type { ScriptPart } from '../shared/script-parts';
import type { Host } from './host';
import { createDatasetEndpoints } from './dataset-endpoints';
import { createExplainEndpoints } from './explain-endpoints';
import { createModelEndpoints } from './model-endpoints';
import { createTrainingEndpoints } from './training-endpoints';
import { createInterchangeEndpoints } from './interchange-endpoints';
import { readFaceDetectorPart } from './face-detector';

/** Loading it is the sidebar's first step towards finding a face; the message says what is missing. */
function faceDetectorPart(host: Host, part: unknown): ScriptPart {
  if (host.addOnFile === undefined)
    throw new Error('Faces cannot be found here: this host serves no face detector script.');
  return readFaceDetectorPart(host.addOnFile, part);
}

export type { Host } from './host';

export function createServer(host: Host): ServerApi {
  return {
    ...createModelEndpoints(host),
    ...createDatasetEndpoints(host),
    ...createTrainingEndpoints(host),
    ...createInterchangeEndpoints(host),
    ...createExplainEndpoints(host),
    getFaceDetectorPart: (part) => faceDetectorPart(host, part),
  };
}
