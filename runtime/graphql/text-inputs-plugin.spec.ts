import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textInputsPlugin } from './text-inputs-plugin';
import { isWellFormedText } from './well-formed-text';

describe('strings that are not text', () => {
  it('are NUL characters and unpaired surrogates; tabs, line breaks and paired surrogates are text', () => {
    for (const bad of ['a\u0000b', '\uD800', 'x\uDBFFy', '\uDC00', 'a\uDC00\uD800b']) expect(isWellFormedText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'roses', 'tab\there\nand\r\nthere', '🌹 ñandú', '\uD83C\uDF39']) expect(isWellFormedText(good), good).toBe(true);
  });

  describe('the plugin', () => {
    let executed = 0;
    const server = new ApolloServer({
      typeDefs: `
        input Address { recipient: String! lines: [String!]! }
        type Query { echo(text: String, address: Address, ids: [ID!]): String }
      `,
      resolvers: {
        Query: {
          echo: () => {
            executed += 1;
            return 'ran';
          },
        },
      },
      plugins: [textInputsPlugin()],
    });
    beforeAll(() => server.start());
    afterAll(() => server.stop());

    const run = async (query: string, variables?: Record<string, unknown>) => {
      const before = executed;
      const response = await server.executeOperation({ query, variables });
      const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
      return { status: response.http.status, errors: result?.errors, data: result?.data, ran: executed > before };
    };

    it.each([
      ['a variable', 'query($t: String) { echo(text: $t) }', { t: 'a\u0000' }, '$t'],
      ['a field of an input object variable', 'query($a: Address) { echo(address: $a) }', { a: { recipient: 'Ana\uD800', lines: [] } }, '$a.recipient'],
      [
        'an item of a list in an input object variable',
        'query($a: Address) { echo(address: $a) }',
        { a: { recipient: 'Ana', lines: ['ok', '\uDC00'] } },
        '$a.lines[1]',
      ],
      ['a variable the operation does not declare', '{ echo }', { t: 'fine', u: '\u0000' }, '$u'],
      ['a literal argument', '{ echo(text: "a\\u0000b") }', undefined, 'text'],
      ['a literal in an input object list', '{ echo(address: { recipient: "Ana", lines: ["\\u0000"] }) }', undefined, 'address.lines'],
      ['a list of ids', '{ echo(ids: ["1", "2\\u0000"]) }', undefined, 'ids'],
    ])('refuses %s with 400 BAD_USER_INPUT naming it, before any resolver', async (_case, query, variables, field) => {
      const answer = await run(query, variables);
      expect(answer.status).toBe(400);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(answer.ran).toBe(false);
    });

    it('lets text through', async () => {
      const answer = await run('query($a: Address) { echo(text: "🌹\\ttab", address: $a) }', { a: { recipient: 'Ana Rojas', lines: ['Calle 1\nDepto 2'] } });
      expect(answer).toMatchObject({ errors: undefined, data: { echo: 'ran' }, ran: true });
    });
  });
});
