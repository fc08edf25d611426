import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { catalogSubgraph } from './subgraph';

runSubgraphMain(catalogSubgraph);
