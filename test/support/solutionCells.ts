/**
 * A lesson notebook with its exercises answered by the reference solution, as a learner would
 * answer them: each exercise cell's function keeps its own signature and gets the solution's
 * body (an exercise constant gets the solution's value), and the solution's helpers (its other
 * top-level statements, not imports) are written at the top of each answered cell.
 */
import ts from 'typescript';
import type { Cell, Notebook } from '../../kernel/notebook/nbformat';

interface Answer {
  name: string;
  kind: 'function' | 'constant';
  /** The text that replaces the exercise's body (a function) or initializer (a constant). */
  text: string;
}

export function answeredNotebook(notebook: Notebook, solutionSource: string): { notebook: Notebook; answered: string[] } {
  const solution = ts.createSourceFile('solution.ts', solutionSource, ts.ScriptTarget.ES2022, true);
  const answers: Answer[] = [];
  const helpers: { names: string[]; text: string }[] = [];
  for (const statement of solution.statements) {
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isImportDeclaration(statement)) continue;
    if (!exported) helpers.push({ names: declaredNames(statement), text: statement.getText(solution) });
    else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) answers.push({ name: statement.name.text, kind: 'function', text: statement.body.getText(solution) });
    else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) answers.push({ name: d.name.text, kind: 'constant', text: d.initializer.getText(solution) });
    }
  }
  const answered: string[] = [];
  const cells = notebook.cells.map((cell): Cell => {
    if (cell.cell_type !== 'code') return cell;
    const source = ts.createSourceFile('cell.ts', cell.source, ts.ScriptTarget.ES2022, true);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const statement of source.statements) {
      const target = exerciseTarget(statement);
      const answer = target && answers.find((a) => a.name === target.name && a.kind === target.kind);
      if (!target || !answer) continue;
      edits.push({ start: target.node.getStart(source), end: target.node.end, text: answer.text });
      answered.push(answer.name);
    }
    if (edits.length === 0) return cell;
    let text = cell.source;
    for (const edit of edits.reverse()) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    // A helper the exercise cell already declares (a type it shows the learner) is not written twice.
    const own = new Set(source.statements.flatMap(declaredNames));
    const needed = helpers.filter((h) => !h.names.some((n) => own.has(n))).map((h) => h.text);
    return { ...cell, source: [...needed, text].join('\n') };
  });
  return { notebook: { ...notebook, cells }, answered };
}

/** The part of a top-level function (its body) or constant (its initializer) an answer replaces. */
function exerciseTarget(statement: ts.Statement): { name: string; kind: Answer['kind']; node: ts.Node } | undefined {
  if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) return { name: statement.name.text, kind: 'function', node: statement.body };
  if (ts.isVariableStatement(statement)) {
    const d = statement.declarationList.declarations[0];
    if (d && ts.isIdentifier(d.name) && d.initializer) return { name: d.name.text, kind: 'constant', node: d.initializer };
  }
  return undefined;
}

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if ((ts.isFunctionDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) && statement.name) return [statement.name.text];
  return [];
}
