/**
 * Jest runs the TypeScript tests through ts-jest (type errors are caught by `npm run typecheck`). WebAssembly
 * text imports are compiled from source by scripts/build/wat-module.cjs.
 *
 * Three projects, all run by `npm test` (`jest`):
 * - unit: the fast tests, with the kernels the host offers (WebAssembly SIMD under Node); `npm run test:unit`
 *   runs them with unit-javascript for the inner loop.
 * - unit-javascript: the maths tests against TensorFlow.js once more with the JavaScript kernels forced, so both
 *   paths are held to the same tolerances.
 * - integration: tests that start another program (Chromium, LibreOffice, the build), train on the ORL faces or
 *   detect faces, or take long for another reason (listed below with their time); `npm run test:integration`.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json', 'wat'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '^.+\\.wat$': '<rootDir>/scripts/build/wat-module.cjs',
    // onnx-buf (the ONNX schema) ships only as an ES module; ts-jest turns it into CommonJS for Jest.
    '/node_modules/onnx-buf/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!onnx-buf/)'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/kernels-simd.ts'],
};

/** Paths under test/ of the integration tests. */
const INTEGRATION = [
  // Another program: Chromium (Playwright), the add-on build (and ESLint) in a child process, LibreOffice.
  'browser/',
  'build/',
  'local/xlsx-libreoffice.test.ts',
  'local/xlsx-rendering.test.ts',
  'local/picture-tool.test.ts',
  'server/text-corpus.test.ts',
  'sheet/architecture-specs.test.ts',
  // Training on the ORL faces, face detection.
  'core/orl-training.test.ts',
  'server/training-orl.test.ts',
  'face/',
  // Slow: the longest of the rest by Jest's per-file times (`--json`: endTime − startTime), 20–150 s each on a
  // shared 2-core machine. What is left takes about 100 s of CPU: under a minute on two cores.
  'addon/google-workbook-model.test.ts',
  'addon/write-bands.test.ts',
  'fuzz/playground-requests.fuzz.test.ts',
  'interchange/onnx-export.test.ts',
  'local/cli.test.ts',
  'local/xlsx-export.test.ts',
  'server/dataset-endpoints.test.ts',
  'server/interchange-endpoints.test.ts',
  'server/model-endpoints.test.ts',
  'server/rebuild.test.ts',
  'server/training-cutoff.test.ts',
  'sheet/explain.test.ts',
  'sheet/model-default-native.test.ts',
  'sheet/model-size.test.ts',
  'sheet/sheet-presentation.test.ts',
];

const integrationPaths = INTEGRATION.map((p) => `<rootDir>/test/${p}`);

module.exports = {
  testTimeout: 120000,
  maxWorkers: 2,
  // A worker is replaced once its heap passes 400 MB after a test file. Without it the two workers end a run holding
  // 350–600 MB, and freeing that as they exit takes 450–550 ms on a shared 2-core machine: longer than the 500 ms
  // Jest waits, so it kills them and warns of leaking tests, though nothing is left open (every handle was checked
  // at each file's end and at exit). Measured on the unit projects: the warning in 2 of 2 runs without the limit,
  // 0 of 2 with it, in the same time (63–65 s against 65–67 s).
  workerIdleMemoryLimit: '400MB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...integrationPaths],
    },
    {
      ...shared,
      displayName: 'unit-javascript',
      testMatch: ['**/test/core/{forward,gradients,kernels,model}.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/kernels-javascript.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: integrationPaths.map((p) => (p.endsWith('/') ? `${p}**/*.test.ts` : p)),
    },
  ],
};
