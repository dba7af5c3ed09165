/**
 * The JSDoc of a custom function's Apps Script stub, written from its declaration (declarations.ts) and its text
 * (function-docs.ts): Sheets reads the description, the @param lines and @customfunction from the top-level
 * function in Code.js to offer it in autocomplete. scripts/build.mjs loads this module on its own (it is not
 * part of the add-on bundle).
 */
import { FUNCTION_DECLARATIONS, isOptional } from './declarations';
import type {
  FunctionDeclaration,
  IntegerParameter,
  PaddingParameter,
  RangeParameter,
  ValueParameter,
} from './declarations';
import { FUNCTION_DOCS } from './function-docs';
import type { FunctionDoc } from './function-docs';

export type DocumentedParameter =
  | (RangeParameter & { readonly type: string; readonly doc: string })
  | IntegerParameter
  | (PaddingParameter & { readonly doc: string })
  | (ValueParameter & { readonly type: string; readonly doc: string });

export interface DocumentedFunction extends Omit<FunctionDoc, 'parameters'> {
  readonly name: string;
  readonly parameters: readonly DocumentedParameter[];
}

/** A declaration with its text; throws when the two name different parameters, so the build stops. */
export function documented(declaration: FunctionDeclaration): DocumentedFunction {
  const docs = FUNCTION_DOCS[declaration.name] as FunctionDoc | undefined;
  if (docs === undefined) throw new Error(`${declaration.name} has no entry in function-docs.ts`);
  const needText = declaration.parameters.filter((p) => p.kind !== 'integer').map((p) => p.name);
  const documentedNames = Object.keys(docs.parameters);
  if (needText.join() !== documentedNames.join()) {
    throw new Error(
      `${declaration.name}: function-docs.ts documents (${documentedNames.join(', ')}) but the declaration's range, padding and value parameters are (${needText.join(', ')}); make them agree.`,
    );
  }
  const parameters = declaration.parameters.map((p): DocumentedParameter => {
    if (p.kind === 'integer') return p;
    const { type, doc } = docs.parameters[p.name];
    if (p.kind === 'padding') return { ...p, doc };
    if (type === undefined) throw new Error(`${declaration.name}: parameter ${p.name} needs a JSDoc type`);
    return { ...p, type, doc };
  });
  return { name: declaration.name, description: docs.description, parameters, returns: docs.returns };
}

/** Every custom function with its text, in the order of FUNCTION_DECLARATIONS. */
export const DOCUMENTED_FUNCTIONS: readonly DocumentedFunction[] = FUNCTION_DECLARATIONS.map(documented);

/** Description lines stay under this many characters. */
const LINE_WIDTH = 110;

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The type in braces after @param. */
export function jsdocType(parameter: DocumentedParameter): string {
  if (parameter.kind === 'integer') return 'number';
  if (parameter.kind === 'padding') return 'string';
  return parameter.type;
}

/** The text after a parameter's name: what it is, its bounds and its default. */
export function parameterText(parameter: DocumentedParameter): string {
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
export function jsdocOf(declaration: DocumentedFunction): string {
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
