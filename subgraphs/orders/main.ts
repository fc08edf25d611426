import '../../runtime/telemetry/register'; // first: tracing must hook http, undici and the store clients before they load
import 'reflect-metadata';
import { runSubgraphMain } from '../../runtime/subgraph/start';
import { ordersSubgraph } from './subgraph';

runSubgraphMain(ordersSubgraph);
