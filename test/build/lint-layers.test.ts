/**
 * The layer rules in eslint.config.mjs, shown to fail: in each layer, an import against the direction is
 * reported (naming the layer and the folder it may not import) and an import along it is not. The project's
 * own ESLint configuration lints each probe as if it were a file of that folder; it runs in a child process
 * because ESLint loads its configuration as an ES module, which Jest's module system does not.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface Probe {
  /** Where the probe pretends to live (it is never written). */
  readonly file: string;
  readonly source: string;
}

interface Verdict {
  readonly file: string;
  readonly source: string;
  readonly messages: { readonly ruleId: string | null; readonly message: string }[];
}

/** Lints every probe with the project's configuration, in one child process. */
function lint(probes: readonly Probe[]): Verdict[] {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: 'eslint.config.mjs' });
      const verdicts = [];
      for (const probe of probes) {
        const [result] = await eslint.lintText(probe.source, { filePath: probe.file });
        verdicts.push({ ...probe, messages: result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) });
      }
      process.stdout.write(JSON.stringify(verdicts));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(probes)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Verdict[];
}

/** A module that uses what it imports, so the only thing to report is the import itself. */
const importing = (from: string): string => `import * as imported from '${from}';\n\nexport const used = imported;\n`;

/** [file, an import the layers forbid, the folder named in the message, an import they allow]. */
const LAYER_CASES: readonly [string, string, string, string][] = [
  ['src/core/probe.ts', '../sheet/layout', 'src/sheet', '../shared/api'],
  ['src/core/simd/probe.ts', '../../server/host', 'src/server', '../../shared/api'],
  ['src/image/probe.ts', '../sheet/workbook', 'src/sheet', '../core/types'],
  ['src/face/probe.ts', '../server/host', 'src/server', '../image/rgb'],
  ['src/shared/probe.ts', '../server/host', 'src/server', '../core/types'],
  ['src/sheet/probe.ts', '../server/host', 'src/server', '../core/types'],
  ['src/interchange/probe.ts', '../sheet/workbook', 'src/sheet', '../core/types'],
  ['src/functions/probe.ts', '../addon/main', 'src/addon', '../sheet/layout'],
  ['src/server/probe.ts', '../local/engine/local-workbook', 'src/local', '../sheet/layout'],
  ['src/server/probe.ts', '../../test/helpers/orl', 'test', '../interchange/transfer'],
  ['src/addon/probe.ts', '../local/engine/local-workbook', 'src/local', '../server'],
  ['src/local/engine/probe.ts', '../cli/cli-args', 'src/local/cli', '../../server'],
  ['src/local/engine/probe.ts', '../playground/rpc-server', 'src/local/playground', '../../functions'],
  ['src/local/cli/probe.ts', '../playground/playground', 'src/local/playground', '../engine/local-workbook'],
  ['src/local/playground/probe.ts', '../cli/cli-pictures', 'src/local/cli', '../engine/xlsx-export'],
  ['src/local/playground/probe.ts', '../../addon/main', 'src/addon', '../../server'],
  ['sidebar/probe.ts', '../src/server/validate', 'src/server', '../src/shared/api'],
  ['sidebar/panels/probe.ts', '../../src/local/engine/local-workbook', 'src/local', '../../src/core/architecture'],
  ['sidebar/probe.ts', '../playground/main', 'playground', './dom'],
  ['playground/probe.ts', '../src/local/playground/playground-view', 'src/local', '../src/shared/sheet-view'],
  ['playground/probe.ts', '../src/core/types', 'src/core', '../sidebar/dom'],
];

/** ESLint's message for a forbidden import: the import as written, then the layer's own message. */
const refusal = (from: string, layer: string, folder: string): string =>
  `'${from}' import is restricted from being used by a pattern. ${layer} may not import ${folder} (the layers are in eslint.config.mjs).`;

const layerRuleMessages = (verdict: Verdict): string[] =>
  verdict.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

describe('the layer rules', () => {
  const probes = LAYER_CASES.flatMap(([file, wrong, , right]) => [
    { file, source: importing(wrong) },
    { file, source: importing(right) },
  ]);
  const extra: Probe[] = [
    { file: 'src/sheet/probe.ts', source: "import type { Host } from '../server/host';\n\nexport type Used = Host;\n" },
    { file: 'src/sheet/probe.ts', source: "export { createHost } from '../server/host';\n" },
    // sidebar/face is the sidebar's own folder, not src/face; rpc-server.ts is a file, not src/server.
    { file: 'sidebar/panels/probe.ts', source: importing('../face/load-detector') },
    { file: 'src/local/playground/probe.ts', source: importing('./rpc-server') },
  ];
  let verdicts: Verdict[];
  beforeAll(() => {
    verdicts = lint([...probes, ...extra]);
  }, 120_000);

  test.each(LAYER_CASES.map((c, i) => [c[0], c[1], c[2], c[3], i] as const))(
    '%s: importing %s is reported as %s; importing %s is not',
    (file, wrong, folder, right, i) => {
      const [bad, good] = [verdicts[2 * i], verdicts[2 * i + 1]];
      expect(bad.source).toContain(wrong);
      const layer = path.posix.dirname(file).replace(/\/(simd|panels)$/, '');
      expect(layerRuleMessages(bad)).toEqual([refusal(wrong, layer, folder)]);
      expect(good.source).toContain(right);
      expect(good.messages).toEqual([]);
    },
  );

  test('an import of types only and a re-export count as imports', () => {
    const [typeOnly, reExport] = verdicts.slice(probes.length, probes.length + 2);
    expect(layerRuleMessages(typeOnly)).toEqual([refusal('../server/host', 'src/sheet', 'src/server')]);
    expect(layerRuleMessages(reExport)).toEqual([refusal('../server/host', 'src/sheet', 'src/server')]);
  });

  test('a folder of the same name elsewhere, or a file named like a layer, is not mistaken for the layer', () => {
    const [sidebarFace, rpcServer] = verdicts.slice(probes.length + 2);
    expect(sidebarFace.messages).toEqual([]);
    expect(rpcServer.messages).toEqual([]);
  });
});
