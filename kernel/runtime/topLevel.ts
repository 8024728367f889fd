/**
 * Rewrites a cell's top level (already plain JavaScript) so its names outlive the cell:
 *
 *   const x = 1, {a, b: [c]} = o;   →  x = 1; ({a, b: [c]} = o);
 *   function f() {}                 →  f = function f() {};      (hoisted to the top, like a declaration)
 *   class A {}                      →  A = class A {};
 *   import d, { A, B as C } from "m" →  d = defaultOf(require("m")); ({A, B: C} = require("m"));
 *   import * as ns from "m"         →  ns = require("m");
 *   import x = require("m")          →  x = require("m");        (before TypeScript, which drops it for ES modules)
 *   export …                        →  the declaration without `export`
 *
 * All of it becomes the body of `(async () => { declare([...names]); …; return lastExpression; })()`.
 * Every declared name is first defined on the global object when missing, so assignments work
 * in strict code too, and re-running a cell with `const x` just assigns `x` again.
 */
import ts from 'typescript';
import { helperCall } from './instrument';

export const rewriteTopLevel: ts.TransformerFactory<ts.SourceFile> = (context) => (sourceFile) => {
  const f = context.factory;
  const names = new Set<string>();
  const hoisted: ts.Statement[] = [];
  const body: ts.Statement[] = [];

  const assign = (target: ts.Expression, value: ts.Expression, range: ts.TextRange): ts.Statement =>
    ts.setTextRange(f.createExpressionStatement(f.createAssignment(target, value)), range);

  /** The assignment target for a binding name; records every identifier it binds. */
  const target = (name: ts.BindingName): ts.Expression => {
    if (ts.isIdentifier(name)) {
      names.add(ts.idText(name));
      return name;
    }
    if (ts.isObjectBindingPattern(name)) {
      return f.createObjectLiteralExpression(
        name.elements.map((element) => {
          if (element.dotDotDotToken) return f.createSpreadAssignment(target(element.name));
          if (!element.propertyName && ts.isIdentifier(element.name)) {
            names.add(ts.idText(element.name));
            return f.createShorthandPropertyAssignment(element.name, element.initializer);
          }
          const inner = target(element.name);
          const value = element.initializer ? f.createAssignment(inner, element.initializer) : inner;
          return f.createPropertyAssignment(element.propertyName ?? (element.name as ts.Identifier), value);
        }),
      );
    }
    return f.createArrayLiteralExpression(
      name.elements.map((element) => {
        if (ts.isOmittedExpression(element)) return element;
        const inner = target(element.name);
        if (element.dotDotDotToken) return f.createSpreadElement(inner);
        return element.initializer ? f.createAssignment(inner, element.initializer) : inner;
      }),
    );
  };

  const requireCall = (specifier: ts.Expression) => helperCall(f, 'require', [specifier]);

  const rewriteImport = (statement: ts.ImportDeclaration): ts.Statement[] => {
    const clause = statement.importClause;
    const load = () => requireCall(statement.moduleSpecifier);
    if (!clause) return [ts.setTextRange(f.createExpressionStatement(load()), statement)];
    if (clause.isTypeOnly) return [];
    const out: ts.Statement[] = [];
    if (clause.name) out.push(assign(target(clause.name), helperCall(f, 'defaultOf', [load()]), statement));
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) out.push(assign(target(bindings.name), load(), statement));
    if (bindings && ts.isNamedImports(bindings)) {
      const values = bindings.elements.filter((s) => !s.isTypeOnly);
      if (values.length > 0) {
        const pattern = f.createObjectLiteralExpression(
          values.map((s) => {
            names.add(ts.idText(s.name));
            return s.propertyName ? f.createPropertyAssignment(s.propertyName, s.name) : f.createShorthandPropertyAssignment(s.name);
          }),
        );
        out.push(assign(pattern, load(), statement));
      }
    }
    return out;
  };

  const entityToExpression = (name: ts.EntityName): ts.Expression =>
    ts.isIdentifier(name) ? name : f.createPropertyAccessExpression(entityToExpression(name.left), name.right);

  const rewrite = (statement: ts.Statement): ts.Statement[] => {
    if (ts.isVariableStatement(statement)) {
      const blockScoped = (statement.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0;
      return statement.declarationList.declarations.flatMap((d) => {
        const t = target(d.name);
        if (d.initializer) return [assign(t, d.initializer, d)];
        // `let x;` starts undefined on every run; `var x;` keeps an earlier value, as in JavaScript.
        return blockScoped ? [assign(t, f.createVoidZero(), d)] : [];
      });
    }
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const modifiers = statement.modifiers?.filter((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
      const expression = f.createFunctionExpression(modifiers, statement.asteriskToken, statement.name, undefined, statement.parameters, undefined, statement.body);
      if (!statement.name) return [ts.setTextRange(f.createExpressionStatement(expression), statement)];
      hoisted.push(assign(target(statement.name), ts.setTextRange(expression, statement), statement));
      return [];
    }
    if (ts.isClassDeclaration(statement)) {
      const modifiers = statement.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword);
      const expression = ts.setTextRange(f.createClassExpression(modifiers, statement.name, undefined, statement.heritageClauses, statement.members), statement);
      if (!statement.name) return [ts.setTextRange(f.createExpressionStatement(expression), statement)];
      return [assign(target(statement.name), expression, statement)];
    }
    if (ts.isImportDeclaration(statement)) return rewriteImport(statement);
    if (ts.isImportEqualsDeclaration(statement)) {
      if (statement.isTypeOnly) return [];
      const reference = statement.moduleReference;
      const value = ts.isExternalModuleReference(reference) ? requireCall(reference.expression) : entityToExpression(reference);
      return [assign(target(statement.name), value, statement)];
    }
    if (ts.isExportDeclaration(statement)) return [];
    if (ts.isExportAssignment(statement)) return [ts.setTextRange(f.createExpressionStatement(statement.expression), statement)];
    return [statement];
  };

  for (const statement of sourceFile.statements) body.push(...rewrite(statement));

  // TypeScript may close the file with `export {}`, which the rewrite drops; the result is the statement before it.
  const last = sourceFile.statements.filter((statement) => !ts.isExportDeclaration(statement)).pop();
  if (last && ts.isExpressionStatement(last) && body[body.length - 1] === last) {
    body[body.length - 1] = ts.setTextRange(f.createReturnStatement(last.expression), last);
  }

  const declare = f.createExpressionStatement(helperCall(f, 'declare', [f.createArrayLiteralExpression([...names].map((n) => f.createStringLiteral(n)))]));
  const wrapper = f.createArrowFunction(
    [f.createModifier(ts.SyntaxKind.AsyncKeyword)],
    undefined,
    [],
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    f.createBlock([...(names.size > 0 ? [declare] : []), ...hoisted, ...body], true),
  );
  const run = f.createExpressionStatement(f.createCallExpression(f.createParenthesizedExpression(wrapper), undefined, []));
  return f.updateSourceFile(sourceFile, [run]);
};

/**
 * Runs before TypeScript's own transforms: `import x = require("m")` becomes `const x = require("m")`,
 * because TypeScript emits nothing for it when targeting ES modules.
 */
export const requireImportEquals: ts.TransformerFactory<ts.SourceFile> = (context) => (sourceFile) => {
  const f = context.factory;
  const statements = sourceFile.statements.map((statement) => {
    if (!ts.isImportEqualsDeclaration(statement) || statement.isTypeOnly || !ts.isExternalModuleReference(statement.moduleReference)) return statement;
    const declaration = f.createVariableDeclaration(statement.name, undefined, undefined, helperCall(f, 'require', [statement.moduleReference.expression]));
    return ts.setTextRange(f.createVariableStatement(undefined, f.createVariableDeclarationList([declaration], ts.NodeFlags.Const)), statement);
  });
  return f.updateSourceFile(sourceFile, statements);
};
