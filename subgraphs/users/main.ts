import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { usersSubgraph } from './subgraph';

runSubgraphMain(usersSubgraph);
