/**
 * What every renderer shares with VS Code's notebook renderer API: parse the output item's
 * JSON, validate it against the payload contract, mount a view (or show an error box), keep one
 * live view per output id and per element, and free it in `disposeOutputItem`. When VS Code
 * re-renders an element that already shows a view of the same kind (a display handle's
 * `update`), the view may update in place instead of being rebuilt.
 */
import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import type { PayloadKind, PayloadOf } from '../../kernel/protocol/payloads';
import { validatePayload } from '../../kernel/protocol/validatePayload';
import { errorBox } from './errorBox';
import { ensureStyles } from './styles';
import baseCss from './base.css';

export interface MountedView<K extends PayloadKind> {
  /** Frees plots, listeners and timers. */
  dispose(): void;
  /** Shows a newer payload in place; returns false when the view must be rebuilt. */
  update?(payload: PayloadOf<K>): boolean;
}

export type Mount<K extends PayloadKind> = (payload: PayloadOf<K>, root: HTMLElement) => MountedView<K>;

interface Live<K extends PayloadKind> {
  id: string;
  element: HTMLElement;
  view: MountedView<K> | null;
}

export function createRenderer<K extends PayloadKind>(kind: K, css: string, mount: Mount<K>): ActivationFunction {
  return () => {
    const byId = new Map<string, Live<K>>();
    const byElement = new WeakMap<HTMLElement, Live<K>>();

    const dispose = (live: Live<K>) => {
      live.view?.dispose();
      live.view = null;
      byId.delete(live.id);
    };

    return {
      renderOutputItem(outputItem: OutputItem, element: HTMLElement, signal: AbortSignal) {
        if (signal.aborted) return;
        ensureStyles(element, 'base', baseCss);
        ensureStyles(element, kind, css);
        const previous = byElement.get(element);
        let json: unknown;
        try {
          json = outputItem.json();
        } catch (error) {
          if (previous) dispose(previous);
          show(element, errorBox(`Cannot draw this ${kind} output: its data is not valid JSON`, [String((error as Error)?.message ?? error)]));
          return;
        }
        const checked = validatePayload(kind, json);
        if (!checked.ok) {
          if (previous) dispose(previous);
          const title = checked.tooLarge ? `This ${kind} output is too large to draw` : `Cannot draw this ${kind} output: the data does not have the expected shape`;
          show(element, errorBox(title, checked.errors));
          return;
        }
        if (previous?.view?.update?.(checked.payload)) {
          byId.delete(previous.id);
          previous.id = outputItem.id;
          byId.set(outputItem.id, previous);
          return;
        }
        if (previous) dispose(previous);
        const root = document.createElement('div');
        root.className = `unrolled unrolled-${kind}`;
        show(element, root);
        const live: Live<K> = { id: outputItem.id, element, view: null };
        try {
          live.view = mount(checked.payload, root);
        } catch (error) {
          show(element, errorBox(`Drawing this ${kind} output failed`, [String((error as Error)?.message ?? error)]));
          return;
        }
        byId.set(outputItem.id, live);
        byElement.set(element, live);
      },
      disposeOutputItem(id?: string) {
        if (id === undefined) [...byId.values()].forEach(dispose);
        else {
          const live = byId.get(id);
          if (live) dispose(live);
        }
      },
    };
  };
}

function show(element: HTMLElement, child: HTMLElement): void {
  element.replaceChildren(child);
}
