/** Files the build inlines as bytes (esbuild's binary loader): the detector's weights and WebAssembly code. */
declare module '*.bin' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
