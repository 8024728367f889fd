/**
 * Reads bracketed binary trees: `((the cat) (sat down))`, or labelled in the treebank style,
 * `(3 (2 the) (1 cat))`, where every bracket opens with its node's integer label and a leaf is
 * `(label word)`. Errors give the character position (0-based) and what was expected there.
 */
import { treeLeaf, treeNode, treeFromArray, type NestedTree, type Tree } from './tree';

interface Token {
  text: string;
  position: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\(|\)|[^\s()]+/g;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    tokens.push({ text: match[0], position: match.index });
  }
  return tokens;
}

const isLabel = (text: string | undefined) => text !== undefined && /^\d+$/.test(text);

export interface ParseTreeOptions {
  /**
   * `true`: every bracket starts with a label; `false`: no labels; `'auto'` (default): labelled
   * when every `(` is followed by a whole number. Pass `false` for unlabelled trees whose words are numbers.
   */
  labelled?: boolean | 'auto';
}

export function parseTree(source: string, options: ParseTreeOptions = {}): Tree {
  if (typeof source !== 'string') throw new Error(`parseTree: expected a string; got ${typeof source}`);
  const tokens = tokenize(source);
  if (tokens.length === 0) throw new Error('parseTree: the text is empty; expected a word or a bracketed tree');
  const mode = options.labelled ?? 'auto';
  const labelled = mode === 'auto'
    ? tokens.some((t) => t.text === '(') && tokens.every((t, i) => t.text !== '(' || isLabel(tokens[i + 1]?.text))
    : mode;
  let at = 0;
  const end = source.length;
  const fail = (message: string, position: number): never => {
    throw new Error(`parseTree: ${message} at position ${position} of ${JSON.stringify(source.length > 80 ? `${source.slice(0, 77)}...` : source)}`);
  };
  const peek = () => tokens[at];
  const expectClose = (open: Token) => {
    const token = peek();
    if (token === undefined) fail(`missing ')' for the '(' opened at position ${open.position}`, end);
    if (token.text !== ')') fail(`expected ')' (a binary node has exactly two children), found '${token.text}'`, token.position);
    at++;
  };

  const parseUnlabelled = (): Tree => {
    const token = peek();
    if (token === undefined) return fail('unexpected end of text; expected a word or (', end);
    if (token.text === ')') return fail("unexpected ')'; expected a word or (", token.position);
    at++;
    if (token.text !== '(') return treeLeaf(token.text);
    if (peek()?.text === ')') return fail('empty brackets (); expected a word or two subtrees', token.position);
    const first = parseUnlabelled();
    if (peek()?.text === ')') {
      at++;
      return first;
    }
    const second = parseUnlabelled();
    expectClose(token);
    return treeNode(first, second);
  };

  const parseLabelled = (): Tree => {
    const open = peek();
    if (open === undefined) return fail("unexpected end of text; expected '(' and a label", end);
    if (open.text !== '(') return fail(`expected '(' and a label, found '${open.text}'`, open.position);
    at++;
    const labelToken = peek();
    if (!isLabel(labelToken?.text)) return fail(`expected a whole-number label after '(', found '${labelToken?.text ?? 'end of text'}'`, labelToken?.position ?? end);
    at++;
    const label = Number(labelToken!.text);
    const next = peek();
    if (next === undefined) return fail(`missing ')' for the '(' opened at position ${open.position}`, end);
    if (next.text !== '(' && next.text !== ')') {
      at++;
      expectClose(open);
      return treeLeaf(next.text, label);
    }
    if (next.text === ')') return fail(`a labelled node needs a word or two subtrees after its label`, next.position);
    const left = parseLabelled();
    if (peek()?.text === ')') return fail('a labelled inner node needs two subtrees; found one', peek()!.position);
    const right = parseLabelled();
    expectClose(open);
    return treeNode(left, right, label);
  };

  const tree = labelled ? parseLabelled() : parseUnlabelled();
  if (at < tokens.length) fail(`unexpected '${tokens[at].text}' after the complete tree`, tokens[at].position);
  return tree;
}

/** Any written form of a tree (a `Tree`, a bracketed string, or nested arrays) as a `Tree`. */
export function asTree(input: Tree | string | NestedTree): Tree {
  if (typeof input === 'string') return parseTree(input);
  if (Array.isArray(input)) return treeFromArray(input as NestedTree);
  if (input !== null && typeof input === 'object' && ((input as Tree).kind === 'leaf' || (input as Tree).kind === 'node')) return input as Tree;
  throw new Error(`expected a tree: a Tree, a bracketed string like '((the cat) sat)', or nested arrays like [['the', 'cat'], 'sat']; got ${JSON.stringify(input)}`);
}
