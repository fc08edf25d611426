import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, separateOperations, type OperationTypeNode } from 'graphql';

export interface ClientOperation {
  name: string;
  type: OperationTypeNode;
  /** The operation with the fragments it uses, ready to send. */
  document: string;
}

const OPERATIONS_DIR = join(__dirname, '..', '..', 'client', 'operations');

/** Every named operation the apps send (client/operations/*.graphql), each on its own with its fragments. */
export function clientOperations(): ClientOperation[] {
  const files = readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  const source = files.map((file) => readFileSync(join(OPERATIONS_DIR, file), 'utf8')).join('\n');
  return Object.entries(separateOperations(parse(source))).map(([name, document]) => {
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    return { name, type: operation!.operation, document: print(document) };
  });
}
