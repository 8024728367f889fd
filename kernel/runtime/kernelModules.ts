/**
 * The modules a cell gets from the kernel itself, whatever is installed: the library, the one
 * tfjs-core it and the cells share, and tfjs-layers built on that same core.
 *
 * tfjs-layers from `node_modules` would not do: its Node build asks `require` for tfjs-core and
 * gets a second copy (stderr: "Platform node has already been set"), on which its layers then
 * register their classes; and that build is ES5, whose classes cannot even extend the kernel's
 * core (`Class constructor Serializable cannot be invoked without 'new'`). So tfjs-layers is
 * bundled with the kernel from its ES modules, against the kernel's core, the version its peer
 * dependency names.
 */
import * as unrolled from '../lib/index';
import { tf } from '../lib/tf';

const bundled: Record<string, () => unknown> = {
  unrolled: () => unrolled,
  '@tensorflow/tfjs-core': () => tf,
  '@tensorflow/tfjs': () => tf,
  // esbuild evaluates a module reached only through `require` when it is first required, so
  // kernels whose cells never import tfjs-layers do not pay for loading it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load above needs require
  '@tensorflow/tfjs-layers': () => require('@tensorflow/tfjs-layers') as unknown,
};

/** The names cells can import without installing anything. */
export const bundledModuleNames: readonly string[] = Object.keys(bundled);

export function isBundledModule(specifier: string): boolean {
  return Object.hasOwn(bundled, specifier);
}

/** The kernel's own module for `specifier`; only for names `isBundledModule` accepts. */
export function bundledModule(specifier: string): unknown {
  return bundled[specifier]();
}
