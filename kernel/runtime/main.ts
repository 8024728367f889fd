/**
 * The kernel process: forked by a `KernelClient` with an IPC channel and an interrupt pipe on
 * fd 4 (its `HostLink`, hostLink.ts). It selects the tensor backend (`UNROLLED_BACKEND`, default `auto`), reports `ready`, then
 * runs `execute` requests strictly one after another. `interrupt` and `shutdown` are handled at
 * once, even while a cell is waiting.
 */
import type { HostMessage } from '../protocol/messages';
import { selectBackend, backendChoices, type BackendChoice } from '../lib/backend';
import { tf } from '../lib/tf';
import { KernelChannel } from './channel';
import { processLink } from './hostLink';
import { OutputRouter } from './console';
import { Executor } from './executor';
import { InterruptWatcher } from './interruptWatcher';
import { transformCell } from './transform';

async function main(): Promise<void> {
  const link = processLink();
  const channel = new KernelChannel(link);
  const output = new OutputRouter(channel);
  const watcher = new InterruptWatcher((line) => output.log(line), link.interruptFd);
  const executor = new Executor(channel, output, watcher);

  const choice = (process.env.UNROLLED_BACKEND || 'auto') as BackendChoice;
  if (!backendChoices.includes(choice)) {
    throw new Error(`UNROLLED_BACKEND is '${choice}'; expected one of ${backendChoices.join(', ')}`);
  }
  const backend = await selectBackend(choice);
  // The first tensor makes tfjs print its one-time advice about tfjs-node; let it go to the kernel log, not a learner's first cell.
  tf.zeros([1]).dispose();
  // Compile the transformer's code paths once now, so the first cell runs as fast as the rest.
  transformCell('const warm = 1;\nfor (const x of [warm]) await x;\nwarm');

  executor.install();
  output.install();

  let queue = Promise.resolve();
  link.onMessage((message: HostMessage) => {
    switch (message.type) {
      case 'execute':
        queue = queue.then(() => executor.execute(message));
        return;
      case 'interrupt':
        executor.interrupt(message.interruptToken);
        return;
      case 'shutdown':
        process.exit(0);
    }
  });
  link.onClose(() => process.exit(0));

  channel.send({ type: 'ready', pid: process.pid, backend: { name: backend.name, skipped: backend.skipped }, startupMs: performance.now() });
}

main().catch((error: Error) => {
  process.stderr.write(`the kernel could not start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
