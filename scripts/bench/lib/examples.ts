/**
 * The benchmark's pictures: ORL faces shipped in data/orl-faces (one subject per class of the spec, files 1, 2,
 * … of each), resized to the spec's input, so every run and every fresh clone times the same real pictures.
 */
import type { Example, ModelSpec } from '../../../src/core/types';
import { loadOrl } from '../../../test/helpers/orl';

export function benchExamples(spec: ModelSpec, count: number): Example[] {
  const classes = spec.classes.length;
  const subjects = Array.from({ length: classes }, (_, i) => i + 1);
  const files = Array.from({ length: Math.ceil(count / classes) }, (_, i) => i + 1);
  if (spec.input.height !== spec.input.width)
    throw new Error('benchExamples: the ORL pictures are resized to a square input');
  return loadOrl(subjects, files, spec.input.width).slice(0, count);
}
