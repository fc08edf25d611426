import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { allSubgraphs } from '../subgraphs';
import { composeSupergraph } from './supergraph/compose';
import { supergraphFiles } from './supergraph/files';

const { supergraphSdl, apiSdl } = composeSupergraph(allSubgraphs);
writeFileSync(supergraphFiles.supergraph, supergraphSdl);
writeFileSync(supergraphFiles.api, apiSdl);
console.log(`composed ${allSubgraphs.length} subgraphs into ${supergraphFiles.supergraph} and ${supergraphFiles.api}`);
