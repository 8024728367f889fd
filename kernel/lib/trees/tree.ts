/**
 * Binary trees for the recursive networks: every inner node has exactly two children and every
 * leaf holds one word; any node may carry an integer label (e.g. a sentiment class per phrase,
 * as in the Stanford Sentiment Treebank).
 *
 * Two ways to write one:
 * - nested arrays: `[['the', 'cat'], ['sat', 'down']]`;
 * - bracketed strings: `((the cat) (sat down))`, or with labels in the treebank style, where each
 *   bracket starts with its node's label: `(3 (2 the) (1 cat))`. A word alone in brackets, `(cat)`,
 *   is the same as `cat`.
 */

export interface TreeLeaf {
  readonly kind: 'leaf';
  readonly word: string;
  readonly label?: number;
}

export interface TreeNode {
  readonly kind: 'node';
  readonly left: Tree;
  readonly right: Tree;
  readonly label?: number;
}

export type Tree = TreeLeaf | TreeNode;

/** A word, or a pair of nested arrays. */
export type NestedTree = string | readonly [NestedTree, NestedTree];

export function treeLeaf(word: string, label?: number): TreeLeaf {
  if (typeof word !== 'string' || word.length === 0) throw new Error(`treeLeaf: the word must be a non-empty string; got ${JSON.stringify(word)}`);
  return label === undefined ? { kind: 'leaf', word } : { kind: 'leaf', word, label: checkLabel(label) };
}

export function treeNode(left: Tree, right: Tree, label?: number): TreeNode {
  return label === undefined ? { kind: 'node', left, right } : { kind: 'node', left, right, label: checkLabel(label) };
}

function checkLabel(label: number): number {
  if (!Number.isInteger(label) || label < 0) throw new Error(`tree labels must be non-negative integers; got ${label}`);
  return label;
}

/** `[['the', 'cat'], 'sat']` → a tree; errors name the path of the bad element, e.g. `[0][1]`. */
export function treeFromArray(nested: NestedTree, path = ''): Tree {
  if (typeof nested === 'string') return treeLeaf(nested);
  if (!Array.isArray(nested) || nested.length !== 2) {
    const what = Array.isArray(nested) ? `an array of ${nested.length} elements` : JSON.stringify(nested);
    throw new Error(`treeFromArray: element ${path || '(root)'} must be a word or a pair [left, right]; got ${what}`);
  }
  return treeNode(treeFromArray(nested[0], `${path}[0]`), treeFromArray(nested[1], `${path}[1]`));
}

/** Nodes with children before their parents (leaves left to right), the root last: the order a recursive network computes in. */
export function postOrder(tree: Tree): Tree[] {
  const order: Tree[] = [];
  const visit = (t: Tree) => {
    if (t.kind === 'node') {
      visit(t.left);
      visit(t.right);
    }
    order.push(t);
  };
  visit(tree);
  return order;
}

/** The words at the leaves, left to right. */
export function leaves(tree: Tree): string[] {
  return postOrder(tree).flatMap((t) => (t.kind === 'leaf' ? [t.word] : []));
}

/** Number of edges on the longest root-to-leaf path (a single leaf has depth 0). */
export function treeDepth(tree: Tree): number {
  return tree.kind === 'leaf' ? 0 : 1 + Math.max(treeDepth(tree.left), treeDepth(tree.right));
}

/** Bracketed form; labels are written when present and `labels` is not false. */
export function treeToString(tree: Tree, options: { labels?: boolean } = {}): string {
  const withLabels = options.labels ?? true;
  const prefix = (t: Tree) => (withLabels && t.label !== undefined ? `${t.label} ` : '');
  if (tree.kind === 'leaf') return withLabels && tree.label !== undefined ? `(${tree.label} ${tree.word})` : tree.word;
  return `(${prefix(tree)}${treeToString(tree.left, options)} ${treeToString(tree.right, options)})`;
}
