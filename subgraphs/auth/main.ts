import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { authSubgraph } from './subgraph';

runSubgraphMain(authSubgraph);
