import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { cartSubgraph } from './subgraph';

runSubgraphMain(cartSubgraph);
