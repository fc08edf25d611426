// The hostile clients in a thread of their own, so their sending never delays the customer's timing in the
// main thread (only the router's answers do). Sends until told 'stop', then posts its tally back.
import { parentPort, workerData } from 'node:worker_threads';
import { hostileClients } from './clients';
import { hostileDocument } from './documents';

const { url, clients } = workerData as { url: string; clients: number };
const hostile = hostileClients(url, clients, hostileDocument);
parentPort!.once('message', () => {
  void hostile.stop().then((answers) => parentPort!.postMessage({ sent: answers.sent, byStatus: [...answers.byStatus.entries()] }));
});
