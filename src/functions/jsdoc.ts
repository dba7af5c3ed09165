/**
 * The JSDoc of a custom function's Apps Script stub, written from its declaration: Sheets reads the description,
 * the @param lines and @customfunction from the top-level function in Code.js to offer it in autocomplete.
 * scripts/build.mjs loads this module on its own (it is not part of the add-on bundle).
 */
import { FUNCTION_DECLARATIONS, isOptional } from './declarations';
import type { FunctionDeclaration, ParameterDeclaration } from './declarations';

export { FUNCTION_DECLARATIONS };

/** Description lines stay under this many characters. */
const LINE_WIDTH = 110;

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The type in braces after @param. */
export function jsdocType(parameter: ParameterDeclaration): string {
  if (parameter.kind === 'integer') return 'number';
  if (parameter.kind === 'padding') return 'string';
  return parameter.type;
}

/** The text after a parameter's name: what it is, its bounds and its default. */
export function parameterText(parameter: ParameterDeclaration): string {
  switch (parameter.kind) {
    case 'integer': {
      const fallback = parameter.default;
      const defaultText =
        fallback === undefined
          ? ''
          : typeof fallback === 'number'
            ? ` Default ${fallback}.`
            : ` Default: equal to ${fallback.sameAs}.`;
      return `${capitalised(parameter.meaning)}, a whole number ≥ ${parameter.min}.${defaultText}`;
    }
    case 'padding':
      return `${parameter.doc} Default "${parameter.default}".`;
    default:
      return parameter.doc;
  }
}

/** Words of `text` in lines of at most LINE_WIDTH characters. */
function wrapped(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The whole comment block, from the opening slash-star-star to the closing star-slash. */
export function jsdocOf(declaration: FunctionDeclaration): string {
  const params = declaration.parameters.map(
    (p) => `@param {${jsdocType(p)}} ${isOptional(p) ? `[${p.name}]` : p.name} ${parameterText(p)}`,
  );
  const lines = [
    ...wrapped(declaration.description),
    '',
    ...params,
    `@return {${declaration.returns.type}} ${declaration.returns.doc}`,
    '@customfunction',
  ];
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'].join('\n');
}
