/**
 * The environment a kernel process starts with. Cells are code from a notebook file, so the
 * kernel never inherits its host's whole environment (the extension host's holds the editor's
 * own handles and whatever tokens the user's shell exported: `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`,
 * …). It gets only what Node, the tensor backends and a learner's cells need; README.md
 * ("What the kernel process is given") lists the names and why each is there.
 */

/** Passed on when set, under these exact names. */
const passedNames = [
  // Finding programs (cells may spawn them) and the user's home (os.homedir, the kernel's code cache).
  'PATH',
  'HOME',
  // Temporary files (os.tmpdir) and the kernel's code cache folder (kernel/runtime/loader.ts).
  'TMPDIR',
  'XDG_CACHE_HOME',
  // How dates, numbers and text are shown: the time zone and the locale (LC_* below).
  'TZ',
  'LANG',
  'LANGUAGE',
  // Node's own options, when the user set them (e.g. a larger heap: --max-old-space-size).
  'NODE_OPTIONS',
  // tfjs-node-gpu: where the CUDA libraries are, and which GPUs to use.
  'LD_LIBRARY_PATH',
  'CUDA_VISIBLE_DEVICES',
  // Inside VS Code Desktop the kernel runs on the editor's Electron binary, which this makes act as Node.
  'ELECTRON_RUN_AS_NODE',
  // Windows: Node and its child processes need these to find system DLLs, the shell and temp folders.
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'TEMP',
  'TMP',
];

/** Passed on when the name starts with one of these: the locale categories and the project's own settings. */
const passedPrefixes = ['LC_', 'UNROLLED_'];

/**
 * The variables of `from` a kernel may see. Names compare case-insensitively on Windows, where the
 * environment does too (`Path` is `PATH` there), and exactly elsewhere.
 */
export function kernelEnvironment(from: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const normal = (name: string) => (platform === 'win32' ? name.toUpperCase() : name);
  const passed = new Set(passedNames);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined) continue;
    const key = normal(name);
    if (passed.has(key) || passedPrefixes.some((prefix) => key.startsWith(prefix))) env[name] = value;
  }
  return env;
}
