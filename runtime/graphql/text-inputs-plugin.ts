import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { DomainError } from '../errors';
import { isWellFormedText } from './well-formed-text';

/**
 * Refuses an operation any of whose strings (literals in the document: arguments, input objects, lists; and
 * every string of its variables, keys included) holds a NUL character or an unpaired surrogate, with
 * BAD_USER_INPUT naming where (`field`: `$input.title`, `search`), once it is parsed and validated and before
 * anything runs: no resolver, no store, no subgraph sees it. HTTP 400, as for variables of the wrong type.
 * Every subgraph runs it, and the router, so a client meets it before any subgraph is called.
 */
export function textInputsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = malformedLiteralIn(document) ?? malformedStringIn(request.variables ?? {});
          if (where === undefined) return;
          throw new DomainError('BAD_USER_INPUT', `${where} holds a NUL character or an unpaired surrogate, which is not text`, {
            field: where,
            http: { status: 400 },
          });
        },
      };
    },
  };
}

// Per parsed document (Apollo keeps one per query text): its literals never change, so they are walked once.
const literalsChecked = new WeakMap<DocumentNode, { where: string | undefined }>();

/** Where the first malformed string literal of the document is: its argument and input fields (`input.title`). */
function malformedLiteralIn(document: DocumentNode): string | undefined {
  let checked = literalsChecked.get(document);
  if (!checked) literalsChecked.set(document, (checked = { where: firstMalformedLiteral(document) }));
  return checked.where;
}

function firstMalformedLiteral(document: DocumentNode): string | undefined {
  let where: string | undefined;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (isWellFormedText(node.value)) return undefined;
      // `ancestors` stops short of the parent (the argument, for a string given directly).
      where = literalPath(parent ? [...ancestors, parent] : ancestors) || 'a string in the operation';
      return BREAK;
    },
  });
  return where;
}

function literalPath(ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): string {
  const names: string[] = [];
  for (const ancestor of ancestors) {
    if (Array.isArray(ancestor)) continue;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
  }
  return names.join('.');
}

/** Where the first malformed string (or key) of the variables is, as `$name.field[index]`; walked without recursion. */
function malformedStringIn(variables: Record<string, unknown>): string | undefined {
  const pending: Array<{ value: unknown; path: string }> = Object.entries(variables).map(([name, value]) => ({ value, path: `$${name}` }));
  for (const name of Object.keys(variables)) if (!isWellFormedText(name)) return 'a variable name';
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormedText(key)) return `a key of ${path}`;
        pending.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}
