import { ApolloServer } from '@apollo/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { OperationAdmission } from './operation-admission';

const policy = { maxInFlight: 1, readShare: 1, readWaitMs: 0, writeWaitMs: 0, maxWaiting: 0 };

async function serverWith(admission: OperationAdmission) {
  const server = new ApolloServer<{ admittedAtEdge?: () => void }>({
    typeDefs: 'type Query { greeting: String } type Mutation { wave: Boolean }',
    resolvers: { Query: { greeting: () => 'hola' }, Mutation: { wave: () => true } },
    plugins: [admission.plugin()],
  });
  await server.start();
  return server;
}

describe('operation admission at the edge', () => {
  // The plan warm-up runs the most used queries with no HTTP request: before, a starting router learnt nothing from
  // it, so under overload its first refusals went through the whole pipeline.
  it('admits at the edge a query the pipeline resolved without an HTTP request (the plan warm-up)', async () => {
    const admission = new OperationAdmission(policy, new Registry());
    const server = await serverWith(admission);
    try {
      expect(await admission.admitAtEdge({ query: '{ greeting }' })).toBeUndefined(); // not known yet: the pipeline decides
      await server.executeOperation({ query: '{ greeting }' });
      const leave = await admission.admitAtEdge({ query: '{ greeting }' });
      expect(typeof leave).toBe('function'); // the one slot
      expect(await admission.admitAtEdge({ query: '{ greeting }' })).toBe('refused'); // no slot, no line: refused at once
      (leave as () => void)();
    } finally {
      await server.stop();
    }
  });

  it('never learns a mutation, nor a query under another operation name', async () => {
    const admission = new OperationAdmission(policy, new Registry());
    const server = await serverWith(admission);
    try {
      await server.executeOperation({ query: 'mutation { wave }' });
      await server.executeOperation({ query: 'query Named { greeting }', operationName: 'Named' });
      expect(await admission.admitAtEdge({ query: 'mutation { wave }' })).toBeUndefined();
      expect(await admission.admitAtEdge({ query: 'query Named { greeting }', operationName: 'Other' })).toBeUndefined();
      const leave = await admission.admitAtEdge({ query: 'query Named { greeting }', operationName: 'Named' });
      expect(typeof leave).toBe('function');
      (leave as () => void)();
    } finally {
      await server.stop();
    }
  });
});
