/**
 * The top-level functions of dist/Code.js. Apps Script only calls functions declared at the top level of a
 * file (menu items, triggers, google.script.run, custom functions), and Sheets reads a custom function's
 * JSDoc (@customfunction, @param) from that declaration, but esbuild drops comments. So this module reads
 * src/addon/main.ts with the TypeScript compiler: the `entryPoints` object it exports lists every entry
 * point, and each property leads (through imports, spreads and shorthand properties) to the function whose
 * parameter names and JSDoc the stub copies. Custom functions are documented from their declarations
 * (src/functions/declarations.ts and function-docs.ts) instead, by `documentCustomFunctions`.
 */
import ts from 'typescript';

/**
 * @typedef {{ name: string, params: { name: string, rest: boolean }[], jsdoc: string | null, source: string }} EntryPoint
 */

/** Every entry point of `mainFile` (a module ending in `export = <object>`), in object order. */
export function readEntryPoints(mainFile) {
  const program = ts.createProgram([mainFile], {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(mainFile);
  if (!source) throw new Error(`Cannot read ${mainFile}.`);
  const exported = source.statements.find(ts.isExportAssignment);
  if (!exported || !exported.isExportEquals)
    throw new Error(`${mainFile} must end with \`export = entryPoints\` (an object of entry points).`);
  const entries = [];
  collectObject(objectLiteralOf(exported.expression, checker), checker, entries);
  const seen = new Set();
  for (const entry of entries) {
    if (seen.has(entry.name))
      throw new Error(`Entry point ${entry.name} is listed twice (second time from ${entry.source}).`);
    seen.add(entry.name);
  }
  return entries;
}

/** The object literal an expression stands for: itself, or the initializer of the variable it names. */
function objectLiteralOf(expression, checker) {
  if (ts.isObjectLiteralExpression(expression)) return expression;
  const declaration = declarationOf(expression, checker);
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    return objectLiteralOf(declaration.initializer, checker);
  }
  throw new Error(`Entry points must be object literals; cannot follow ${describe(expression)}.`);
}

function collectObject(object, checker, entries) {
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) {
      collectObject(objectLiteralOf(property.expression, checker), checker, entries);
    } else if (ts.isShorthandPropertyAssignment(property)) {
      const symbol = resolveAlias(checker.getShorthandAssignmentValueSymbol(property), checker);
      entries.push(entryFrom(property.name.text, symbol?.valueDeclaration, property));
    } else if (
      ts.isPropertyAssignment(property) &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
    ) {
      const value = ts.isIdentifier(property.initializer)
        ? declarationOf(property.initializer, checker)
        : property.initializer;
      entries.push(entryFrom(property.name.text, value, property));
    } else {
      throw new Error(`Unsupported entry point ${describe(property)}: use name, name: function, or ...object.`);
    }
  }
}

function entryFrom(name, declaration, property) {
  // `const f = (…) => …` and `function f(…)` both work; the JSDoc is on the declaration, or else on the property.
  const fn = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : declaration;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    throw new Error(`Entry point ${name} (${describe(property)}) is not a function the build can read.`);
  }
  const params = fn.parameters.map((p) => {
    if (!ts.isIdentifier(p.name))
      throw new Error(`Entry point ${name}: parameter ${describe(p)} must be a plain name.`);
    return { name: p.name.text, rest: p.dotDotDotToken !== undefined };
  });
  const documented = fn !== declaration ? declaration : ts.isFunctionDeclaration(fn) ? fn : property;
  const jsdoc = jsdocText(documented) ?? jsdocText(property);
  return { name, params, jsdoc, source: relative(fn) };
}

function declarationOf(expression, checker) {
  const symbol = resolveAlias(checker.getSymbolAtLocation(expression), checker);
  return symbol?.valueDeclaration;
}

function resolveAlias(symbol, checker) {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The node's last JSDoc block, re-indented to the left margin, or null. */
function jsdocText(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  if (docs.length === 0) return null;
  const doc = docs[docs.length - 1];
  const text = node.getSourceFile().text.slice(doc.pos, doc.end);
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line.trim() : ` ${line.trim()}`))
    .join('\n');
}

function describe(node) {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `"${node.getText().slice(0, 60)}" at ${relative(node)}:${line + 1}`;
}

function relative(node) {
  const name = node.getSourceFile().fileName;
  const at = name.lastIndexOf('/src/');
  return at >= 0 ? name.slice(at + 1) : name;
}

/** `function NAME(a, b) { return ENTRIES.NAME(a, b); }` with the entry's JSDoc above it. */
export function stubSource(entry, entries) {
  // The same list declares and passes the arguments (`...rest` spreads in both places).
  const params = entry.params.map((p) => (p.rest ? `...${p.name}` : p.name)).join(', ');
  const doc = entry.jsdoc ? `${entry.jsdoc}\n` : '';
  return `${doc}function ${entry.name}(${params}) {\n  return ${entries}.${entry.name}(${params});\n}\n`;
}

/**
 * Gives each custom-function entry the JSDoc written from its declaration (`docs`: name → { parameters, jsdoc }),
 * after checking that the implementation takes the declared parameters in the declared order.
 */
export function documentCustomFunctions(entries, docs) {
  return entries.map((entry) => {
    const doc = docs[entry.name];
    if (!doc) return entry;
    const names = entry.params.map((p) => p.name);
    if (names.join() !== doc.parameters.join()) {
      throw new Error(
        `${entry.name} (${entry.source}) takes (${names.join(', ')}) but its declaration lists (${doc.parameters.join(', ')}); make them agree.`,
      );
    }
    return { ...entry, jsdoc: doc.jsdoc };
  });
}
