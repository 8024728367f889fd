/**
 * Keeps errors of async work nobody awaits from ending the kernel. Node calls the process's
 * `uncaughtException` / `unhandledRejection` listeners for them, and when one of those listeners
 * throws, Node ends the process at once with exit code 7 (and every variable is lost).
 *
 * The listener that throws is not ours: tfjs-backend-wasm's Emscripten runtime, when the wasm
 * backend starts, adds a listener for each event that rethrows what it is given (so that a plain
 * Node program using it still dies of its errors). On cpu nothing adds them, which is why the same
 * notebook survived there. Removing them is not enough: a cell may start the wasm backend later
 * (`tf.setBackend("wasm")`), or add a handler of its own. So every listener for these two events
 * that is not the kernel's runs guarded: what it throws is reported like any stray error, except
 * the very value it was handed, which the kernel's own listener reports already.
 */
export type StrayKind = 'Uncaught exception' | 'Unhandled promise rejection';

const events = { uncaughtException: 'Uncaught exception', unhandledRejection: 'Unhandled promise rejection' } as const;
type StrayEvent = keyof typeof events;
/** As the emitter holds it: a `once` listener is Node's wrapper, with the listener itself in `listener`. */
type RawListener = ((...args: unknown[]) => void) & { listener?: (...args: unknown[]) => void };

function isStrayEvent(event: string | symbol): event is StrayEvent {
  return typeof event === 'string' && Object.hasOwn(events, event);
}

/**
 * Installs `report` as the handler of both events and guards every other listener for them, those
 * present now and those added later. `report` gets the kind and the thrown value or rejection reason.
 */
export function catchStrayErrors(report: (kind: StrayKind, thrown: unknown) => void): void {
  const guarded = new WeakSet<RawListener>();
  // The plain emitter view: Node's typings give `process` one overload per event name.
  const emitter: NodeJS.EventEmitter = process;
  const rawListeners = (event: StrayEvent) => emitter.rawListeners(event) as RawListener[];

  const guard = (event: StrayEvent, raw: RawListener) => {
    // `listener` lets `process.removeListener(event, theirListener)` still remove it (tfjs-backend-wasm does on dispose).
    const safe: RawListener = Object.assign(
      function (this: unknown, given: unknown, ...rest: unknown[]) {
        try {
          raw.call(this, given, ...rest);
        } catch (thrown) {
          if (thrown !== given) report(events[event], thrown);
        }
      },
      { listener: raw.listener ?? raw },
    );
    guarded.add(safe);
    emitter.removeListener(event, raw);
    emitter.on(event, safe);
  };

  for (const event of Object.keys(events) as StrayEvent[]) {
    for (const raw of rawListeners(event)) guard(event, raw);
    const own: RawListener = (thrown) => report(events[event], thrown);
    guarded.add(own);
    emitter.prependListener(event, own);
  }

  // `newListener` fires before the listener is added: guard it once it is there, before any event can reach it.
  emitter.on('newListener', (event: string | symbol, listener: RawListener) => {
    if (!isStrayEvent(event) || guarded.has(listener)) return;
    queueMicrotask(() => {
      for (const raw of rawListeners(event)) if (!guarded.has(raw) && (raw === listener || raw.listener === listener)) guard(event, raw);
    });
  });
}
