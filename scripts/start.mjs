// `npm start`: packages the extension, copies the lessons into a folder of their own (never
// overwriting a lesson the learner already has there), and opens them in VS Code Desktop when a
// `code` command is on the PATH, otherwise in the browser VS Code (code-server) on loopback,
// printing the address to open. Options: --folder DIR (default ~/unrolled-lessons), --port N.
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from './e2e/codeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const folder = resolve(arg('--folder') ?? join(homedir(), 'unrolled-lessons'));
const port = arg('--port') ? Number(arg('--port')) : 8080;

function copyMissing(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) copyMissing(source, target);
    else if (!existsSync(target)) copyFileSync(source, target);
  }
}

function onPath(command) {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/bash' });
    return true;
  } catch {
    return false;
  }
}

// The build's and vsce's listings (40 lines of .vsix contents) are kept for a failure: a learner
// needs to know what is happening and then the address.
console.log('Building and packaging the extension (about a minute the first time)...');
try {
  execSync('npm run package --silent', { cwd: root, stdio: 'pipe' });
} catch (error) {
  process.stdout.write(error.stdout ?? '');
  process.stderr.write(error.stderr ?? '');
  console.error('Packaging the extension failed (its output is above).');
  process.exit(1);
}
const vsix = join(root, 'unrolled.vsix');
copyMissing(join(root, 'lessons'), folder);
const firstLesson = readdirSync(folder).filter((f) => f.endsWith('.seqnb')).sort()[0];
console.log(`Lessons are in ${folder}`);

if (onPath('code')) {
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [folder, ...(firstLesson ? [join(folder, firstLesson)] : [])], { stdio: 'inherit' });
  console.log('Opened the lessons in VS Code.');
} else {
  console.log('No `code` command on the PATH: starting VS Code in the browser (code-server 4.100.3)...');
  const server = await startCodeServer({ folder, stateDir: join(homedir(), '.cache', 'unrolled', 'start-session'), vsix, port });
  console.log(`\nOpen ${server.url}\nin a browser, then open ${firstLesson ?? 'a lesson'} from the explorer. Press Ctrl+C to stop.`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
