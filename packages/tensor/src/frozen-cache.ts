/**
 * Interning of small frozen number arrays (tensor shapes): one frozen array per distinct content,
 * shared by every tensor that has it. Frozen arrays never change, so sharing one is invisible; making
 * a shape costs about 2 µs (its inspect property puts the array on V8's slow path, then it is frozen),
 * which every new tensor paid, where a lookup here is a Map read per dim.
 */

/** A node of the trie: the array whose elements are the path to it, and the next nodes by element. */
interface TrieNode {
  value: readonly number[] | undefined;
  next: Map<number | string, TrieNode> | undefined;
}

/** Nodes kept at most; past it the trie starts afresh (a program of ever-new shapes stays bounded). */
const MAX_NODES = 8192;

const emptyNode = (): TrieNode => ({ value: undefined, next: undefined });

/** Frozen arrays made by `make`, looked up by their elements (PyTorch has none: its sizes are C++ values). */
export class FrozenArrayCache {
  private root = emptyNode();
  private nodes = 0;

  /** `make` returns the frozen array for given elements (it must copy them). */
  constructor(private readonly make: (values: readonly number[]) => readonly number[]) {}

  /** The frozen array holding `values`' elements, made on first use. `values` must be a plain array. */
  get(values: readonly number[]): readonly number[] {
    let node = this.root;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // Map keys treat -0 as 0; a -0 element keeps its own key so that it is returned as -0.
      const key = v === 0 && 1 / v < 0 ? '-0' : v;
      let next = node.next?.get(key);
      if (next === undefined) {
        if (this.nodes >= MAX_NODES) {
          this.root = emptyNode();
          this.nodes = 0;
          return this.make(values);
        }
        next = emptyNode();
        if (node.next === undefined) node.next = new Map();
        node.next.set(key, next);
        this.nodes++;
      }
      node = next;
    }
    if (node.value === undefined) node.value = this.make(values);
    return node.value;
  }
}
