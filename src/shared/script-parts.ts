/**
 * A script too big for one file of the add-on (the face detector: 1.5 MB) is pushed as numbered parts of at
 * most 150 KB (FaceDetector1.html, FaceDetector2.html, …), the size every other file of the add-on keeps to.
 * How much one google.script.run answer may carry is not documented; parts of the size the sidebar page
 * itself has are safe whatever the answer, and they can be fetched side by side. Each part starts with a
 * line saying which part it is, of how many, and of which build, so the sidebar can ask for the rest as soon
 * as the first arrives and refuses to join parts of two builds (fetched while the add-on was being updated).
 */
import { plural } from './plural';

/** The face detector's parts are FaceDetector1.html, FaceDetector2.html, …. */
export const FACE_DETECTOR_SCRIPT = 'FaceDetector';

export interface ScriptPart {
  /** 1-based. */
  readonly part: number;
  readonly parts: number;
  /** Eight hex digits naming the whole script, the same in every part of one build. */
  readonly build: string;
  /** The part's share of the script (its header line removed). */
  readonly text: string;
}

/** The file (an HTML file of the script project: HtmlService serves only those) holding a part. */
export function scriptPartFile(script: string, part: number): string {
  return `${script}${part}`;
}

/** Header lines have room for this many parts (three digits); splitScript refuses a script that needs more. */
export const MAX_SCRIPT_PARTS = 999;

const HEADER = /^\/\/ Sheet CNN script part (\d+) of (\d+), build ([0-9a-f]{8})\n/;

function header(part: number, parts: number, build: string): string {
  return `// Sheet CNN script part ${part} of ${parts}, build ${build}\n`;
}

/**
 * The files for `script`: as few parts as keep each file (header included) within `maxBytes`, cut at
 * character boundaries into nearly equal shares. `script` must be printable ASCII (esbuild's default output
 * escapes everything else), so a character is a byte.
 */
export function splitScript(script: string, maxBytes: number, build: string): string[] {
  if (/[^\t\n\r\x20-\x7e]/.test(script))
    throw new Error('splitScript: the script must be printable ASCII (characters = bytes).');
  const room = maxBytes - header(MAX_SCRIPT_PARTS, MAX_SCRIPT_PARTS, build).length;
  if (room < 1) throw new Error(`splitScript: ${maxBytes} bytes cannot hold a part's header.`);
  const parts = Math.max(1, Math.ceil(script.length / room));
  if (parts > MAX_SCRIPT_PARTS)
    throw new Error(`splitScript: the script needs ${parts} parts of ${maxBytes} bytes; at most ${MAX_SCRIPT_PARTS}.`);
  const share = Math.ceil(script.length / parts);
  return Array.from(
    { length: parts },
    (_, i) => header(i + 1, parts, build) + script.slice(i * share, (i + 1) * share),
  );
}

/** A part read from its file, or null when the file does not start with a part's header. */
export function readScriptPart(file: string): ScriptPart | null {
  const match = HEADER.exec(file);
  if (match === null) return null;
  return { part: Number(match[1]), parts: Number(match[2]), build: match[3], text: file.slice(match[0].length) };
}

/** The whole script from all its parts (in any order); throws saying what is missing or mixed. */
export function joinScriptParts(parts: readonly ScriptPart[]): string {
  const [first] = parts;
  if (first === undefined) throw new Error('No part of the script arrived.');
  if (parts.some((p) => p.build !== first.build || p.parts !== first.parts))
    throw new Error('The parts of the script come from two versions of the add-on (it was being updated): try again.');
  const sorted = [...parts].sort((a, b) => a.part - b.part);
  if (sorted.length !== first.parts || sorted.some((p, i) => p.part !== i + 1))
    throw new Error(
      `The script needs ${plural(first.parts, 'part')}; parts ${sorted.map((p) => p.part).join(', ')} arrived.`,
    );
  return sorted.map((p) => p.text).join('');
}
