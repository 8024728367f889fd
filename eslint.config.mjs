// Lint rules: typescript-eslint's recommended set, and the import boundaries between the runtimes
// and between the library's layers (eslint-plugin-import's no-restricted-paths, which resolves
// each import to its file, so `../../kernel/lib/tf` and `../lib/tf` are caught alike).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

/**
 * kernel/lib's folders from the bottom up: a folder imports only folders on its own level or
 * below, so there are no folder cycles. (`index.ts` at the top re-exports everything.)
 */
const libLayers = [
  ['tf.ts', 'backend.ts'],
  ['core', 'init'],
  ['cells', 'analysis', 'attention', 'train', 'ssm'],
  ['layers'],
  ['fused'],
  ['decode'],
  ['models'],
  ['pooling', 'io', 'tagging', 'text'],
  ['trees'],
  ['data', 'plot', 'show'],
  ['exercises'],
];

/** One zone per level: its folders may not import any folder of a higher level. */
const layerZones = libLayers.slice(0, -1).map((level, i) => ({
  target: level.map((name) => `./kernel/lib/${name}`),
  from: libLayers.slice(i + 1).flat().map((name) => `./kernel/lib/${name}`),
  message: `kernel/lib's layers go ${libLayers.map((l) => l.join('|')).join(' → ')}: a folder imports only its own level or lower ones.`,
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      // tsc checks names (no-undef does not know TypeScript's globals) and unused ones (noUnusedLocals).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './extension', from: './kernel/lib', message: 'The extension host never loads the library: it runs in the kernel process.' },
            { target: './extension', from: './renderers', message: 'Renderers run in the webview, not the extension host.' },
            { target: './kernel', from: ['./extension', './renderers'], message: 'The kernel runs outside VS Code and its webviews.' },
            { target: './renderers', from: ['./kernel/lib', './kernel/host', './kernel/runtime', './kernel/cli', './kernel/notebook', './node_modules/@tensorflow'], message: 'Renderers import only kernel/protocol and kernel/scenes (and never TensorFlow.js).' },
            { target: './kernel/scenes', from: ['./kernel/lib', './kernel/host', './kernel/runtime', './kernel/cli', './kernel/notebook', './node_modules/@tensorflow'], message: 'Scenes are pure: only the protocol and other scenes.' },
            { target: './kernel/protocol', from: ['./kernel/lib', './kernel/host', './kernel/runtime', './kernel/cli', './kernel/notebook', './kernel/scenes'], message: 'The protocol depends on nothing.' },
            ...layerZones,
          ],
        },
      ],
    },
  },
  {
    // These two match control characters on purpose: terminal colour codes, and the line
    // separators Python's str.splitlines knows.
    files: ['kernel/cli/outputHtml.ts', 'kernel/notebook/multiline.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The fused kernels' folder cycle (layers → fused → models), issue 11's to remove: until it
    // is gone these two imports break the layer order above. Delete this block with it.
    files: ['kernel/lib/layers/dense.ts', 'kernel/lib/fused/fusedStepper.ts'],
    rules: { 'import/no-restricted-paths': 'off' },
  },
);
