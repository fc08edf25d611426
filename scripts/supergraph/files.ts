import { join } from 'node:path';

const root = join(__dirname, '..', '..').replace(/[\\/]dist$/, '');

/** The committed composition output, relative to the repository root (from sources or from dist/). */
export const supergraphFiles = {
  supergraph: join(root, 'schema', 'supergraph.graphql'),
  api: join(root, 'schema', 'api.graphql'),
};
