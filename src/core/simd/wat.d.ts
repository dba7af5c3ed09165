/** A WebAssembly text file imported by the build (scripts/build/wat.mjs): its compiled binary as base64. */
declare module '*.wat' {
  const base64: string;
  export default base64;
}
