/**
 * Cooperative interrupt points in cell code: every loop body (for, for-in, for-of, while, do)
 * starts with a check of the shared interrupt flag, and the value of every `await` passes
 * through `afterAwait()`. Both throw
 * the library's `InterruptedError` once the user interrupts, so a cell's synchronous loops and
 * async loops stop between iterations, with every variable still holding its last value.
 * Dynamic `import("m")` becomes the kernel's module loader, since a script has no module context.
 *
 * An `await` inside a function that is not async is a syntax error that only the type checker
 * would report; it is reported here (its position goes to `misplacedAwaits`) instead of leaving
 * V8 to fail on the generated code with a confusing message.
 */
import ts from 'typescript';
import { helpersGlobalName } from './cellHelpers';

export function helperCall(factory: ts.NodeFactory, member: string, args: readonly ts.Expression[]): ts.CallExpression {
  const callee = factory.createPropertyAccessExpression(factory.createIdentifier(helpersGlobalName), member);
  return factory.createCallExpression(callee, undefined, args);
}

export const instrumentInterrupts = (misplacedAwaits: number[]): ts.TransformerFactory<ts.SourceFile> => (context) => {
  const factory = context.factory;
  /** Whether each enclosing function is async; the cell's top level is (it runs in an async wrapper). */
  const asyncScopes: boolean[] = [true];
  let text = '';

  /** `if (helpers.flag[0] !== 0) helpers.interrupted();` (see `CellHelpers.flag` for why a plain read) */
  const checkStatement = (): ts.Statement => {
    const flag = factory.createPropertyAccessExpression(factory.createIdentifier(helpersGlobalName), 'flag');
    const raised = factory.createStrictInequality(factory.createElementAccessExpression(flag, 0), factory.createNumericLiteral(0));
    return factory.createIfStatement(raised, factory.createExpressionStatement(helperCall(factory, 'interrupted', [])));
  };

  const checked = (body: ts.Statement): ts.Block => {
    const check = checkStatement();
    if (ts.isBlock(body)) return factory.updateBlock(body, [check, ...body.statements]);
    return factory.createBlock([check, body], true);
  };

  const visit = (node: ts.Node): ts.Node => {
    const isFunction = ts.isFunctionLike(node);
    if (isFunction) asyncScopes.push((ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) !== 0);
    const n = ts.visitEachChild(node, visit, context);
    if (isFunction) asyncScopes.pop();
    if (ts.isForStatement(n)) return factory.updateForStatement(n, n.initializer, n.condition, n.incrementor, checked(n.statement));
    if (ts.isForInStatement(n)) return factory.updateForInStatement(n, n.initializer, n.expression, checked(n.statement));
    if (ts.isForOfStatement(n)) return factory.updateForOfStatement(n, n.awaitModifier, n.initializer, n.expression, checked(n.statement));
    if (ts.isWhileStatement(n)) return factory.updateWhileStatement(n, n.expression, checked(n.statement));
    if (ts.isDoStatement(n)) return factory.updateDoStatement(n, checked(n.statement), n.expression);
    if (ts.isAwaitExpression(n)) {
      if (!asyncScopes[asyncScopes.length - 1]) {
        const rest = text.slice(node.pos);
        misplacedAwaits.push(node.pos + rest.length - rest.trimStart().length);
        return n;
      }
      return ts.setTextRange(helperCall(factory, 'afterAwait', [n]), n);
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      return ts.setTextRange(helperCall(factory, 'importModule', n.arguments.slice(0, 1)), n);
    }
    return n;
  };

  return (sourceFile) => {
    text = sourceFile.text;
    return ts.visitEachChild(sourceFile, visit, context);
  };
};
