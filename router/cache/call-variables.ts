import { Kind, parse, valueFromASTUntyped } from 'graphql';
import { LRUCache } from 'lru-cache';
import { stringify } from 'safe-stable-stringify';

/** A variable an operation declares, with the value it takes when the call leaves it out. */
interface Declared {
  name: string;
  hasDefault: boolean;
  defaultValue?: unknown;
}

/** Characters of operation texts whose declared variables are remembered (one parse per text otherwise). */
const REMEMBERED_CHARACTERS = 4_000_000;

/**
 * The variables of a subgraph call written one way for every call that means the same: the operation's declared
 * variables only, in the order declared, a left-out one as its declared default (GraphQL gives it that value:
 * `$sortBy: ProductSort = RELEVANCE` left out is RELEVANCE, while an explicit null stays null), and input objects
 * with their fields sorted (they are unordered). So the app that sends the default and the one that leaves it out,
 * or builds a filter in another order, share one cached answer. Lists keep their order: it may mean something.
 * An operation that cannot be read keeps its variables as they came.
 */
export class CallVariables {
  private readonly declared = new LRUCache<string, Declared[] | false>({
    maxSize: REMEMBERED_CHARACTERS,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });

  /** The call's variables as canonical JSON text. */
  text(query: string | undefined, variables: Record<string, unknown> | undefined): string {
    const declared = query === undefined ? false : this.declaredBy(query);
    const given = variables ?? {};
    if (!declared) return stringify(given) ?? '{}';
    const meant: Array<[string, unknown]> = [];
    for (const variable of declared) {
      if (Object.hasOwn(given, variable.name)) meant.push([variable.name, given[variable.name]]);
      else if (variable.hasDefault) meant.push([variable.name, variable.defaultValue]);
    }
    // An array of pairs keeps the declared order; the values' objects are sorted.
    return stringify(meant) ?? '[]';
  }

  private declaredBy(query: string): Declared[] | false {
    let declared = this.declared.get(query);
    if (declared === undefined) {
      declared = readDeclared(query);
      this.declared.set(query, declared);
    }
    return declared;
  }
}

function readDeclared(query: string): Declared[] | false {
  try {
    const operations = parse(query, { noLocation: true }).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    // A subgraph call is one operation; anything else is left as it came.
    if (operations.length !== 1 || operations[0].kind !== Kind.OPERATION_DEFINITION) return false;
    return (operations[0].variableDefinitions ?? []).map((definition) => ({
      name: definition.variable.name.value,
      hasDefault: definition.defaultValue !== undefined,
      defaultValue: definition.defaultValue === undefined ? undefined : valueFromASTUntyped(definition.defaultValue),
    }));
  } catch {
    return false;
  }
}
