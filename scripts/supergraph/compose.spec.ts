import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allSubgraphs } from '../../subgraphs';
import { composeSupergraph } from './compose';
import { supergraphFiles } from './files';

describe('the committed supergraph', () => {
  it('is what composing the current subgraphs produces (run `npm run compose` when this fails)', () => {
    const { supergraphSdl, apiSdl } = composeSupergraph(allSubgraphs);
    expect(readFileSync(supergraphFiles.supergraph, 'utf8')).toBe(supergraphSdl);
    expect(readFileSync(supergraphFiles.api, 'utf8')).toBe(apiSdl);
  });

  it('has every subgraph of the shop', () => {
    const supergraph = readFileSync(supergraphFiles.supergraph, 'utf8');
    for (const subgraph of allSubgraphs) {
      expect(supergraph).toContain(`@join__graph(name: "${subgraph.name}"`);
    }
  });
});
