import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { reviewsSubgraph } from './subgraph';

runSubgraphMain(reviewsSubgraph);
