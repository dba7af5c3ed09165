/**
 * A formula as the local engine holds it, made safe for an .xlsx file: checked for our custom functions
 * (Excel and LibreOffice do not have them, so the cell would show #NAME?), every sheet name quoted (Excel
 * reads an unquoted sheet called R or C as an R1C1 reference), and checked against Excel's length limit.
 */
import { CUSTOM_FUNCTIONS } from '../../functions';

/** Longest formula Excel accepts, in characters. */
export const EXCEL_FORMULA_CHAR_LIMIT = 8192;

const CUSTOM_NAMES = new Set(Object.keys(CUSTOM_FUNCTIONS));

/** Where a formula sits, for messages: sheet name and A1 address. */
export interface FormulaPlace {
  readonly sheet: string;
  readonly cell: string;
}

/** Raised when a workbook cannot be written as an .xlsx that computes the same numbers elsewhere. */
export class XlsxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxExportError';
  }
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_.]/;

/** Index just past a literal that starts at `start` with `quote` and doubles it to escape it. */
function endOfQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

function nextNonSpace(text: string, from: number): string {
  let i = from;
  while (text[i] === ' ') i++;
  return text[i] ?? '';
}

/**
 * The formula text an .xlsx cell stores (no leading '='), or an XlsxExportError naming the cell and saying
 * how to make the model portable.
 */
export function portableFormula(formula: string, place: FormulaPlace): string {
  if (!formula.startsWith('='))
    throw new XlsxExportError(
      `"${place.sheet}"!${place.cell}: "${formula}" is not a formula (it does not start with =).`,
    );
  const body = formula.slice(1);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"' || ch === "'") {
      const end = endOfQuoted(body, i, ch);
      out += body.slice(i, end);
      i = end;
    } else if (IDENTIFIER_START.test(ch) && (i === 0 || !IDENTIFIER_PART.test(body[i - 1]))) {
      let end = i + 1;
      while (end < body.length && IDENTIFIER_PART.test(body[end])) end++;
      const word = body.slice(i, end);
      if (body[end] === '!') {
        out += `'${word}'`;
      } else {
        if (nextNonSpace(body, end) === '(' && CUSTOM_NAMES.has(word.toUpperCase())) {
          throw new XlsxExportError(
            `"${place.sheet}"!${place.cell} uses ${word.toUpperCase()}, a Sheet CNN custom function that Excel and LibreOffice do not have ` +
              '(the cell would show #NAME?). Rebuild the model in native mode (plain formulas any spreadsheet computes) or values mode, then export again.',
          );
        }
        out += word;
      }
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  if (out.length > EXCEL_FORMULA_CHAR_LIMIT) {
    throw new XlsxExportError(
      `"${place.sheet}"!${place.cell} holds a formula of ${out.length} characters; Excel accepts at most ${EXCEL_FORMULA_CHAR_LIMIT}. ` +
        'Use fewer input channels per layer, or build the model in values mode.',
    );
  }
  return out;
}
