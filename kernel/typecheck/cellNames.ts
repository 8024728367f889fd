/**
 * The names a cell declares at its top level, which the kernel keeps for later cells
 * (`kernel/runtime/topLevel.ts` turns exactly these into globals), plus the types and interfaces
 * the editor also carries forward (they have no value at run time, but a learner declaring
 * `type Model = …` in one cell writes `m: Model` in the next).
 */
import ts from 'typescript';

/** How a name was declared: whether a later cell may assign it, and what to call it in messages. */
export type NameKind = 'let' | 'var' | 'const' | 'function' | 'class' | 'import' | 'type' | 'enum' | 'namespace';

export interface DeclaredName {
  name: string;
  kind: NameKind;
  /** Declared with `export` (or `export default`): the cell already exports it. */
  exported: boolean;
}

export interface CellNames {
  /** Top-level names later cells see, in source order, each once (the last declaration's kind). */
  declared: DeclaredName[];
  /** `var`s hoisted out of the cell's top-level blocks: local to the cell, but they would clash with an import of the same name. */
  local: string[];
}

/** The top-level names of one cell's source. */
export function cellNames(source: ts.SourceFile): CellNames {
  const declared = new Map<string, DeclaredName>();
  const local = new Set<string>();
  const add = (name: string, kind: NameKind, exported: boolean) => {
    declared.delete(name);
    declared.set(name, { name, kind, exported });
  };
  const bindings = (name: ts.BindingName, visit: (identifier: string) => void) => {
    if (ts.isIdentifier(name)) visit(ts.idText(name));
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindings(element.name, visit);
  };
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const kind: NameKind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
      for (const d of statement.declarationList.declarations) bindings(d.name, (n) => add(n, kind, exported));
    } else if (ts.isFunctionDeclaration(statement) && statement.name) add(ts.idText(statement.name), 'function', exported);
    else if (ts.isClassDeclaration(statement) && statement.name) add(ts.idText(statement.name), 'class', exported);
    else if (ts.isEnumDeclaration(statement)) add(ts.idText(statement.name), 'enum', exported);
    else if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) add(ts.idText(statement.name), 'type', exported);
    else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) add(ts.idText(statement.name), 'namespace', exported);
    else if (ts.isImportEqualsDeclaration(statement)) add(ts.idText(statement.name), 'import', exported);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) add(ts.idText(clause.name), 'import', false);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) add(ts.idText(named.name), 'import', false);
      if (named && ts.isNamedImports(named)) for (const element of named.elements) add(ts.idText(element.name), 'import', false);
    } else collectHoistedVars(statement, (n) => local.add(n), bindings);
  }
  for (const name of declared.keys()) local.delete(name);
  return { declared: [...declared.values()], local: [...local] };
}

/** `var` declarations inside top-level blocks and loops (not inside functions or classes). */
function collectHoistedVars(node: ts.Node, add: (name: string) => void, bindings: (name: ts.BindingName, visit: (n: string) => void) => void): void {
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
  if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
    for (const d of node.declarations) bindings(d.name, add);
  }
  ts.forEachChild(node, (child) => collectHoistedVars(child, add, bindings));
}
