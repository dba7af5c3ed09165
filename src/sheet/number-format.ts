/**
 * What a cell shows for a number under the number formats the sheets use, as Google Sheets, Excel and
 * LibreOffice render them: fixed decimals (`0.000`), percentages (`0.0%`), scientific (`0.00E+00`), and
 * sections with a text colour and a condition (`[White][<234]0;[Black][>=234]0`, the Sheets API's
 * "[Color]" and "[condition]" tokens, which Excel and LibreOffice read the same way). Used to size columns
 * and by the playground to draw cells.
 */

export interface FormattedNumber {
  readonly text: string;
  /** '#rrggbb' when the format names the text colour, else null. */
  readonly color: string | null;
}

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  magenta: '#ff00ff',
  cyan: '#00ffff',
};

const FIXED = /^0(?:\.(0+))?(%?)$/;
const SCIENTIFIC = /^0(?:\.(0+))?E\+(0+)$/;
const CONDITION = /^(<=|>=|<>|<|>|=)(-?\d+(?:\.\d+)?)$/;

interface Section {
  readonly color: string | null;
  readonly test: ((v: number) => boolean) | null;
  readonly pattern: string;
}

function condition(op: string, bound: number): (v: number) => boolean {
  switch (op) {
    case '<':
      return (v) => v < bound;
    case '<=':
      return (v) => v <= bound;
    case '>':
      return (v) => v > bound;
    case '>=':
      return (v) => v >= bound;
    case '=':
      return (v) => v === bound;
    default:
      return (v) => v !== bound;
  }
}

function parseSection(text: string): Section | null {
  let rest = text;
  let color: string | null = null;
  let test: Section['test'] = null;
  for (let bracket = /^\[([^\]]*)\]/.exec(rest); bracket !== null; bracket = /^\[([^\]]*)\]/.exec(rest)) {
    const token = bracket[1];
    const named = NAMED_COLORS[token.toLowerCase()];
    const cond = CONDITION.exec(token);
    if (named !== undefined) color = named;
    else if (cond !== null) test = condition(cond[1], Number(cond[2]));
    else return null;
    rest = rest.slice(bracket[0].length);
  }
  return FIXED.test(rest) || SCIENTIFIC.test(rest) ? { color, test, pattern: rest } : null;
}

/** toFixed without a minus sign on a number that rounds to zero ("-0.000" shows as "0.000" in a sheet). */
function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function scientific(value: number, decimals: number, exponentDigits: number): string {
  const [mantissa, exponent] = value.toExponential(decimals).split('e');
  const power = Number(exponent);
  return `${mantissa}E${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(exponentDigits, '0')}`;
}

function applyPattern(value: number, pattern: string): string {
  const fixedMatch = FIXED.exec(pattern);
  if (fixedMatch !== null) {
    const decimals = fixedMatch[1]?.length ?? 0;
    return fixedMatch[2] === '%' ? `${fixed(value * 100, decimals)}%` : fixed(value, decimals);
  }
  const sci = SCIENTIFIC.exec(pattern) as RegExpExecArray;
  return scientific(value, sci[1]?.length ?? 0, sci[2].length);
}

/**
 * The text (and colour) a cell with number format `format` shows for `value`; null for a format outside
 * the family above, which callers show their own way.
 */
export function formatNumber(value: number, format: string): FormattedNumber | null {
  const sections = format.split(';').map(parseSection);
  if (sections.length === 0 || sections.some((s) => s === null)) return null;
  const parsed = sections as Section[];
  if (parsed.length > 1 && parsed.some((s) => s.test === null)) return null;
  const section = parsed.find((s) => s.test === null || s.test(value));
  if (section === undefined) return null;
  return { text: applyPattern(value, section.pattern), color: section.color };
}
