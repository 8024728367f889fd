/**
 * Cell output streams. `console.*` in cells (and `process.stdout.write`/`process.stderr.write`,
 * which some npm packages use) become `stream` messages of the running execution, sent one by one
 * as they happen, so a long loop's prints reach the notebook while it still runs.
 *
 * Output written while no cell runs (a timer a cell left behind) is kept, up to a limit, and
 * delivered at the start of the next cell, in its own stream. Before the kernel is ready, output
 * goes to the kernel process's real stdout/stderr, which the host forwards to its log.
 */
import { Console } from 'node:console';
import type { KernelChannel } from './channel';

type StreamName = 'stdout' | 'stderr';

/** Most text kept from idle time; older idle output is dropped first. */
const idleLimitChars = 64 * 1024;

export class OutputRouter {
  /** The `console` cells see. */
  readonly console: Console;
  private armed = false;
  private idle: { name: StreamName; text: string }[] = [];
  private idleChars = 0;
  private readonly original = {
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };

  constructor(private readonly channel: KernelChannel) {
    this.console = new Console({
      stdout: { write: (text: string) => this.write('stdout', text) } as unknown as NodeJS.WritableStream,
      stderr: { write: (text: string) => this.write('stderr', text) } as unknown as NodeJS.WritableStream,
      ignoreErrors: false,
      colorMode: false,
      inspectOptions: { depth: 4, maxArrayLength: 100, breakLength: 100 },
    });
  }

  /** From now on output belongs to cells (the kernel is ready); replaces `console` and the process streams. */
  install(): void {
    this.armed = true;
    globalThis.console = this.console;
    this.patch(process.stdout, 'stdout');
    this.patch(process.stderr, 'stderr');
  }

  /** Called when a cell starts: delivers what stray async work printed since the last cell. */
  flushIdle(): void {
    for (const chunk of this.idle) this.write(chunk.name, chunk.text);
    this.idle = [];
    this.idleChars = 0;
  }

  /** Writes to the kernel's own stderr (the host's log), never to a cell. */
  log(text: string): void {
    this.original.stderr(text.endsWith('\n') ? text : text + '\n');
  }

  write(name: StreamName, text: string): boolean {
    if (text.length === 0) return true;
    const id = this.channel.running;
    if (id !== undefined) {
      this.channel.send({ type: 'stream', id, name, text });
    } else if (this.armed) {
      this.keepIdle(name, text);
    } else {
      this.original[name](text);
    }
    return true;
  }

  private keepIdle(name: StreamName, text: string): void {
    this.idle.push({ name, text });
    this.idleChars += text.length;
    while (this.idleChars > idleLimitChars && this.idle.length > 1) this.idleChars -= this.idle.shift()!.text.length;
  }

  private patch(stream: NodeJS.WriteStream, name: StreamName): void {
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      this.write(name, text);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as NodeJS.WriteStream['write'];
  }
}
