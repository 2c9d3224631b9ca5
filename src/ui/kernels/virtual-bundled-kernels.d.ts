declare module 'virtual:bundled-kernels' {
  /** File names in public/kernels/ at build time (manifest-plugin.ts). */
  const files: string[];
  export default files;
}
