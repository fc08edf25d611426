import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { captureEvents, fastEvents, REGISTER, uniqueEmail } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

describe('registration (PostgreSQL via Prisma, events through the outbox)', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph, fastEvents);
    capture = await captureEvents(['auth.account.*']);
  });
  afterAll(async () => {
    await capture?.stop();
    await auth?.stop();
  });

  it('registers a customer account, providers only an argon2id hash, and publishes auth.account.registered', async () => {
    const email = `${unique('Rosa')}@Example.com`;
    const { registerAccount } = await expectData(auth.url, REGISTER, { input: { email: `  ${email} `, password: 'correct horse battery 9' } });
    expect(registerAccount).toMatchObject({ email: email.toLowerCase(), roles: ['CUSTOMER'], profile: { id: registerAccount.id } });
    const stored = await auth.providers.accounts.passwordHashOf(registerAccount.id);
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verify(stored!, 'correct horse battery 9')).toBe(true);

    const event = await capture.waitFor((candidate) => candidate.data.accountId === registerAccount.id);
    expect(event).toMatchObject({ type: 'auth.account.registered', data: { accountId: registerAccount.id, email: email.toLowerCase() } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);

    const owner = await asCustomer(registerAccount.id);
    const { account } = await expectData(auth.url, `query($id: ID!) { account(id: $id) { email } }`, { id: registerAccount.id }, owner);
    expect(account.email).toBe(email.toLowerCase());
  });

  it('refuses a second account for the same email, whatever its case, and publishes nothing for it', async () => {
    const email = uniqueEmail('dup');
    const first = await expectData(auth.url, REGISTER, { input: { email, password: 'long enough password 1' } });
    const again = await graphql(auth.url, REGISTER, { input: { email: email.toUpperCase(), password: 'long enough password 1' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    await capture.waitFor((event) => event.data.accountId === first.registerAccount.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(capture.events.filter((event) => event.data.email === email)).toHaveLength(1);
  });

  it('rejects a malformed email', async () => {
    for (const email of ['not-an-email', 'a@b', ' @example.com', `${'x'.repeat(250)}@example.com`]) {
      const response = await graphql(auth.url, REGISTER, { input: { email, password: 'long enough password 1' } });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    }
  });

  it('rejects a weak password, listing everything it lacks, and creates nothing', async () => {
    const email = uniqueEmail('weak');
    const short = await graphql(auth.url, REGISTER, { input: { email, password: 'short' } });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', missing: ['MIN_LENGTH', 'DIGIT'] });
    expect(short.errors?.[0].message).toBe('The password needs at least 10 characters and a digit');

    const nothing = await graphql(auth.url, REGISTER, { input: { email, password: '' } });
    expect(nothing.errors?.[0].message).toBe('The password needs at least 10 characters, a letter and a digit');

    const digitsOnly = await graphql(auth.url, REGISTER, { input: { email, password: '12345678901' } });
    expect(digitsOnly.errors?.[0].extensions).toMatchObject({ missing: ['LETTER'] });

    const tooLong = await graphql(auth.url, REGISTER, { input: { email, password: `a1${'x'.repeat(300)}` } });
    expect(tooLong.errors?.[0].extensions).toMatchObject({ missing: ['MAX_LENGTH'] });

    const retry = await graphql(auth.url, REGISTER, { input: { email, password: 'now long enough 2' } });
    expect(retry.errors).toBeUndefined();
  });

  it('rejects a password equal to the email address', async () => {
    const email = `${unique('same')}1@example.com`;
    const response = await graphql(auth.url, REGISTER, { input: { email, password: email.toUpperCase() } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', missing: ['NOT_EMAIL'] });
  });

  it('shows an account to its owner and staff only; anonymous callers must sign in', async () => {
    const { registerAccount } = await expectData(auth.url, REGISTER, { input: { email: uniqueEmail('private'), password: 'Private garden 1' } });
    const query = `query($id: ID!) { account(id: $id) { id email } }`;
    const stranger = await graphql(auth.url, query, { id: registerAccount.id }, await asCustomer());
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await graphql(auth.url, query, { id: registerAccount.id });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const staff = await expectData(auth.url, query, { id: registerAccount.id }, await asStaff());
    expect(staff.account.id).toBe(registerAccount.id);
    // Reached as an entity through the router's _entities, the fields stay guarded.
    const entities = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Account { email } } }`;
    const viaEntities = await graphql(auth.url, entities, { reps: [{ __typename: 'Account', id: registerAccount.id }] }, await asCustomer());
    expect(viaEntities.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ownEntity = await expectData(auth.url, entities, { reps: [{ __typename: 'Account', id: registerAccount.id }] }, await asCustomer(registerAccount.id));
    expect(ownEntity._entities[0].email).toBe(registerAccount.email);
  });

  it('never exposes the password hash or the Google subject in the schema', async () => {
    const response = await graphql(auth.url, '{ __type(name: "Account") { fields { name } } }');
    const fields = response.data.__type.fields.map((field: { name: string }) => field.name);
    expect(fields).not.toContain('passwordHash');
    expect(fields).not.toContain('googleSub');
  });
});
