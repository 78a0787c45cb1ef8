// Handles VS Code holds between requests while the guest is stopped: frame
// ids and variable references. They are valid for one stop only (DAP:
// "valid while the execution remains suspended"); after a resume an old
// handle is a clear error, never a wrong answer.
import { DebugProtocol } from '@vscode/debugprotocol';
import { unknownReference } from './errors';
import { Value } from './symbols/index';

export type ScopeKind = 'locals' | 'globals' | 'registers' | 'csrs' | 'devices' | 'time';

export type VariableContainer =
  /** A scope of a frame. */
  | { readonly kind: 'scope'; readonly scope: ScopeKind; readonly frameIndex: number }
  /** The members, elements or pointee of a C value. */
  | { readonly kind: 'value'; readonly value: Value; readonly evaluateName: string | undefined; readonly frameIndex: number }
  /** A fixed list computed when the parent was shown (CSR groups, device fields, decoded bits). */
  | { readonly kind: 'list'; readonly variables: readonly DebugProtocol.Variable[] };

export class HandleStore {
  private generation = -1;
  private readonly frames = new Map<number, number>();
  private readonly containers = new Map<number, VariableContainer>();
  private next = 1;

  /** Forgets every handle when the stop changed. */
  sync(generation: number): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.frames.clear();
    this.containers.clear();
    // Ids keep growing so a stale id from an earlier stop never names something new.
  }

  frameId(index: number): number {
    const id = this.next++;
    this.frames.set(id, index);
    return id;
  }

  /** The frame index behind a frame id; undefined frame id means the top frame. */
  frameIndex(frameId: number | undefined): number {
    if (frameId === undefined) return 0;
    const index = this.frames.get(frameId);
    if (index === undefined) throw unknownReference(`Frame ${frameId} does not exist (any more): the program moved since it was shown.`);
    return index;
  }

  add(container: VariableContainer): number {
    const id = this.next++;
    this.containers.set(id, container);
    return id;
  }

  container(reference: number): VariableContainer {
    const c = this.containers.get(reference);
    if (!c) throw unknownReference(`Variable reference ${reference} does not exist (any more): the program moved since it was shown.`);
    return c;
  }
}
