import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { ordersSubgraph } from './subgraph';

runSubgraphMain(ordersSubgraph);
