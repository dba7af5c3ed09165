/**
 * The face detector's script as the build pushed it: numbered parts of at most 150 KB
 * (src/shared/script-parts.ts), read from the add-on's own files.
 */
import {
  FACE_DETECTOR_SCRIPT,
  joinScriptParts,
  MAX_SCRIPT_PARTS,
  readScriptPart,
  ScriptPart,
  scriptPartFile,
} from '../shared/script-parts';
import type { AddOnFileReader } from './host';
import { requireInteger } from './validate';

/** Part `part` (checked: google.script.run passes whatever the page sent), which must say it is that part. */
export function readFaceDetectorPart(readFile: AddOnFileReader, part: unknown): ScriptPart {
  const wanted = requireInteger(part, 'part', 1, MAX_SCRIPT_PARTS);
  const file = scriptPartFile(FACE_DETECTOR_SCRIPT, wanted);
  const found = readScriptPart(readFile(file));
  if (found === null || found.part !== wanted)
    throw new Error(`${file} is not part ${wanted} of the face detector: push the whole dist/ folder again.`);
  return found;
}

/** Every part, checked to belong to one build with none missing, and the script they make. */
export function readFaceDetector(readFile: AddOnFileReader): { parts: ScriptPart[]; script: string } {
  const first = readFaceDetectorPart(readFile, 1);
  const parts = [first];
  for (let part = 2; part <= first.parts; part++) parts.push(readFaceDetectorPart(readFile, part));
  return { parts, script: joinScriptParts(parts) };
}
