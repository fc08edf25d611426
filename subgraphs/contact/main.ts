import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { contactSubgraph } from './subgraph';

runSubgraphMain(contactSubgraph);
