/** Stylesheets are bundled as text (esbuild's `.css` text loader). */
declare module '*.css' {
  const css: string;
  export default css;
}
