/**
 * Jest runs the TypeScript tests through ts-jest (type errors are caught by `npm run typecheck`). WebAssembly
 * text imports are compiled from source by scripts/build/wat-module.cjs.
 *
 * Two projects: every test with the kernels the host offers (WebAssembly SIMD under Node), and the maths
 * tests against TensorFlow.js once more with the JavaScript kernels forced, so both paths are held to the
 * same tolerances.
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
};

module.exports = {
  testTimeout: 120000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'wasm-simd',
      testMatch: ['**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/kernels-simd.ts'],
    },
    {
      ...shared,
      displayName: 'javascript',
      testMatch: ['**/test/core/{forward,gradients,kernels,model}.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/kernels-javascript.ts'],
    },
  ],
};
