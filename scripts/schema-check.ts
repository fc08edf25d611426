import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { allSubgraphs } from '../subgraphs';
import { checkSchema } from './supergraph/check';
import { supergraphFiles } from './supergraph/files';

// `npm run schema:check [-- --against <api.graphql>]`: composes the subgraphs as they are now and compares
// the result with the committed API schema (or another one, e.g. main's, that CI extracted with git show).
const againstFlag = process.argv.indexOf('--against');
const againstPath = againstFlag === -1 ? supergraphFiles.api : process.argv[againstFlag + 1];
if (!againstPath) {
  console.error('usage: schema-check [--against <api.graphql>]');
  process.exit(2);
}

const result = checkSchema(allSubgraphs, readFileSync(againstPath, 'utf8'));
for (const line of result.lines) (result.ok ? console.log : console.error)(line);
process.exitCode = result.ok ? 0 : 1;
