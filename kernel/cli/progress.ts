/**
 * What the runner prints while it works: one line per cell (`[3/12] cell 5 ... ok (1.2 s)`),
 * and the cell's own console output between, each line indented behind a bar so it reads as
 * belonging to that cell. Cell stdout goes to our stdout, cell stderr to our stderr.
 */

export interface Sink {
  write(text: string): unknown;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The first non-blank line of a cell, shortened, as the runner names cells. */
export function firstLine(source: string, max = 60): string {
  const line = source.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const bar = '  │ ';

export class ConsoleProgress {
  private label = '';
  /** Whether anything was printed since the cell's start line, which then must be repeated. */
  private interrupted = false;
  /** Whether each stream is in the middle of a line (its bar already written). */
  private readonly midLine = { stdout: false, stderr: false };

  constructor(
    private readonly out: Sink,
    private readonly err: Sink,
  ) {}

  info(line: string): void {
    this.out.write(`${line}\n`);
  }

  cellStarted(position: number, total: number, cellNumber: number): void {
    this.label = `[${position}/${total}] cell ${cellNumber}`;
    this.interrupted = false;
    this.midLine.stdout = this.midLine.stderr = false;
    this.out.write(`${this.label} ...`);
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (!this.interrupted) {
      this.out.write('\n');
      this.interrupted = true;
    }
    const sink = name === 'stderr' ? this.err : this.out;
    let rendered = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (piece === '') continue;
      if (!this.midLine[name]) rendered += bar;
      rendered += piece;
      this.midLine[name] = !piece.endsWith('\n');
    }
    sink.write(rendered);
  }

  cellFinished(outcome: string, durationMs: number): void {
    const ending = `${outcome} (${formatSeconds(durationMs)})\n`;
    if (!this.interrupted) {
      this.out.write(` ${ending}`);
      return;
    }
    for (const name of ['stdout', 'stderr'] as const) {
      if (this.midLine[name]) (name === 'stderr' ? this.err : this.out).write('\n');
    }
    this.out.write(`${this.label} ${ending}`);
  }
}
