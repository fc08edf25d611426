import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { wishlistSubgraph } from './subgraph';

runSubgraphMain(wishlistSubgraph);
