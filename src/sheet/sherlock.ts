/**
 * Sherlock mode (an option of Build model, kept on the Model sheet): the detective story beside the maths.
 * Each step sheet's row 2 gains one line of the story and its key cell a note; the plain text stays as it is.
 */
import type { ModelSpec } from '../core/types';
import { blockInputChannels } from '../core/spec';
import { GRID_ORIGIN, filterBiasRange } from './layout';
import {
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  LOSS_SHEET,
  SOFTMAX_SHEET,
  convSheet,
  filtersSheet,
  poolSheet,
  reluSheet,
} from './sheet-names';
import type { PlacedText, StepSheetContent } from './step-sheet';

type Story = 'input' | 'filters' | 'conv' | 'relu' | 'pool' | 'flatten' | 'dense' | 'logits' | 'softmax' | 'loss';

/** [row 2's line, the key cell's note] per step. */
const STORY: Readonly<Record<Story, readonly [string, string]>> = {
  input: [
    'The crime scene as Sherlock first sees it.',
    'Nothing is interpreted yet: only light, in three layers of colour.',
  ],
  filters: [
    'Each filter is a magnifying glass; stride is how far he moves it between looks.',
    'One magnifying glass: each block is a layer of its glass, laid over one input map (a channel).',
  ],
  conv: [
    'Where each glass found its pattern; the zero padding is the crime-scene cordon around the picture.',
    'Padding puts a cordon of zeros around the scene, so the glass can also look at the edges.',
  ],
  relu: [
    'Clues that argue against a pattern are set aside; only evidence that is there goes on.',
    'Below 0: no evidence, so 0.',
  ],
  pool: [
    "Sherlock's memory palace: from each window he keeps only the strongest clue.",
    'He remembers the strongest clue of the window and forgets the rest.',
  ],
  flatten: [
    'Laying out the clues for the jury: every remembered clue in one row, in a fixed order.',
    'The first clue in the line the jury reads.',
  ],
  dense: [
    'Linking the evidence to the suspects: how much each clue points to (or away from) each one.',
    'How strongly clue 1 points to the first suspect; the bias row is each suspect before any clue.',
  ],
  logits: [
    "The case against each suspect: every clue times its link, plus the suspect's bias.",
    'The weight of the case against the first suspect.',
  ],
  softmax: [
    "Sherlock's confidence: e^case grows fast, so the strongest case takes most of the belief.",
    'How sure he is that it was the first suspect; all add up to 1.',
  ],
  loss: [
    'How good a detective was he? Near 0 when sure of the right suspect, large when sure of a wrong one.',
    'His score on this case: lower is better.',
  ],
};

/** The Story of a model sheet by its name, or null (picture sheets, the Model sheet, gradients). */
function storyOf(name: string, spec: ModelSpec): { story: Story; block: number } | null {
  const fixed: Record<string, Story> = {
    [INPUT_SHEET]: 'input',
    [FLATTEN_SHEET]: 'flatten',
    [DENSE_SHEET]: 'dense',
    [LOGITS_SHEET]: 'logits',
    [SOFTMAX_SHEET]: 'softmax',
    [LOSS_SHEET]: 'loss',
  };
  if (name in fixed) return { story: fixed[name], block: -1 };
  for (let i = 0; i < spec.blocks.length; i++) {
    const byName: [string, Story][] = [
      [filtersSheet(i), 'filters'],
      [convSheet(i), 'conv'],
      [reluSheet(i), 'relu'],
      [poolSheet(i), 'pool'],
    ];
    const found = byName.find(([sheet]) => sheet === name);
    if (found) return { story: found[1], block: i };
  }
  return null;
}

/** Adds a note to a cell, after the note already there. */
function addNote(notes: readonly PlacedText[], row: number, col: number, text: string): PlacedText[] {
  const at = notes.findIndex((n) => n.row === row && n.col === col);
  if (at < 0) return [...notes, { row, col, text }];
  return notes.map((n, i) => (i === at ? { ...n, text: `${String(n.text)}\n${text}` } : n));
}

/** The content with the story's line on row 2 and its note on the key cell (the first value, B4). */
export function withSherlock(content: StepSheetContent, spec: ModelSpec): StepSheetContent {
  const found = storyOf(content.name, spec);
  if (found === null) return content;
  const [line, note] = STORY[found.story];
  let notes = addNote(content.notes, GRID_ORIGIN.row, GRID_ORIGIN.col, `Sherlock: ${note}`);
  if (found.story === 'filters') {
    const { filters, kernel } = spec.blocks[found.block];
    const bias = filterBiasRange(filters, blockInputChannels(spec, found.block), kernel);
    notes = addNote(notes, bias.row, bias.col, "Sherlock: the glass's handle, the same push whatever the glass sees.");
  }
  return { ...content, reading: `${content.reading} 🔍 Sherlock: ${line}`, notes };
}
