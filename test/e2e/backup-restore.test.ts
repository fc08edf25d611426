// Backups that restore (scripts/backup.ts, scripts/restore.ts, run as `npm run backup` / `npm run restore` run them):
// a shop seeded through the router (catalog, customers, orders through checkout, reviews, a wishlist, carts, a
// ticket, a revoked token) is backed up, its stores destroyed and restored; the stores then hold exactly what they
// held, and the shop started again on them answers the same queries with the same data, the revoked token still
// refused. Restoring again over newer data gives the backup's data again; a damaged backup is refused and changes
// nothing. The scripts read the stores' URLs from the variables or, as the chart's CronJob hands them, from files
// (<NAME>_FILE). Every store is the run's own (test/support/scratch-stores.ts): the shared test data is never touched.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../scripts/backup/manifest';
import { applyMigrations } from '../../scripts/migrations/apply';
import { SERVICES } from '../../scripts/migrations/services';
import { bearer, logIn, REFRESH, signUp, type Session } from '../../subgraphs/auth/auth.test-support';
import { serveTestShoppersZone } from '../../subgraphs/orders/shoppers-zone.test-setup';
import { eventually } from '../support/eventually';
import { expectData, graphql, unique } from '../support/graphql';
import { REDIS_CLAIM_KEY, createScratchStores, type ScratchStores } from '../support/scratch-stores';
import { addShopAddress, changeOrderStatus, checkoutCart, type ShopCustomer } from '../support/shop';
import { snapshotStores, type StoreSnapshot } from '../support/store-snapshot';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer, asStaff } from '../support/tokens';
import { testMongoClient } from '../support/mongo-client';

const execFileAsync = promisify(execFile);
const dist = join(__dirname, '..', '..', 'dist', 'scripts');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The stores' URLs as variables (npm run backup on a machine), or as files through <NAME>_FILE (the chart's CronJob). */
type Credentials = 'variables' | 'files';
const STORE_URLS = ['DATABASE_URL', 'MONGODB_URL', 'REDIS_URL'] as const;

describe('backup and restore of every store', () => {
  let stores: ScratchStores;
  let backupRoot: string;
  /** The stores' URLs as files, as the chart mounts them at /etc/flores-victoria/secrets. */
  let secretsDir: string;
  let supergraph: RunningSupergraph | undefined;

  /** The scripts' environment: BACKUP_DIR, and the stores' URLs either as variables or as files (and then not as variables). */
  function scriptEnv(credentials: Credentials): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, BACKUP_DIR: backupRoot };
    for (const name of STORE_URLS) {
      delete env[name];
      delete env[`${name}_FILE`];
      if (credentials === 'files') env[`${name}_FILE`] = join(secretsDir, name);
      else env[name] = stores.env[name];
    }
    return env;
  }

  /** Runs dist/scripts/<script>.js against the run's stores, as an operator would (npm run backup / restore). */
  async function runScript(
    script: 'backup' | 'restore',
    args: string[],
    credentials: Credentials = 'variables',
    overrides: NodeJS.ProcessEnv = {},
  ): Promise<Outcome> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [join(dist, `${script}.js`), ...args], {
        env: { ...scriptEnv(credentials), ...overrides },
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  const start = async () => {
    const env = { ...stores.env, OUTBOX_POLL_INTERVAL_MS: '50' };
    supergraph = await startSupergraph(stores.env, () => env);
    return supergraph.routerUrl;
  };
  const stop = async () => {
    await supergraph?.stop();
    supergraph = undefined;
  };

  beforeAll(async () => {
    stores = await createScratchStores('backup');
    await applyMigrations({ databaseUrl: stores.env.DATABASE_URL });
    await serveTestShoppersZone(stores.env.DATABASE_URL);
    backupRoot = await mkdtemp(join(tmpdir(), 'flores-backup-test-'));
    secretsDir = await mkdtemp(join(tmpdir(), 'flores-backup-secrets-'));
    // One file per credential, ending with a newline as files written by hand or by Kubernetes often do.
    for (const name of STORE_URLS) await writeFile(join(secretsDir, name), `${stores.env[name]}\n`, { mode: 0o600 });
  }, 120_000);

  afterAll(async () => {
    await stop();
    await stores?.drop();
    if (backupRoot) await rm(backupRoot, { recursive: true, force: true });
    if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
  }, 120_000);

  // What the seeded shop is, for the queries below.
  const shop = {
    products: [] as string[],
    orderId: '',
    checkedOutCartId: '',
    openCartId: '',
    customer: {} as ShopCustomer & { session: Session },
    revoked: {} as Session,
    wisher: {} as Record<string, string>,
    staff: {} as Record<string, string>,
  };
  let before: StoreSnapshot;
  let answersBefore: unknown;
  let backupDir: string;
  /** The newer of the two backups made at once: what `restore latest` picks. */
  let newestDir: string;

  async function seed(routerUrl: string): Promise<void> {
    const staff = await asStaff();
    shop.staff = staff;
    const { createCategory } = await expectData(
      routerUrl,
      'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
      { input: { name: 'Rosas', slug: unique('rosas') } },
      staff,
    );
    for (const [name, priceMinor] of [
      ['Ramo de rosas rojas', 24_990],
      ['Tulipanes amarillos', 18_500],
      ['Orquídea blanca', 32_000],
    ] as const) {
      const { createProduct } = await expectData(
        routerUrl,
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name, slug: unique('producto'), priceMinor, currency: 'CLP', stock: 40, categoryId: createCategory.id, tags: ['regalo'] } },
        staff,
      );
      shop.products.push(createProduct.id);
    }
    const [roses, tulips, orchid] = shop.products;

    // A customer with an account of the auth service, an address, an order through checkout and a cart left open.
    const account = await signUp(routerUrl);
    const session = await logIn(routerUrl, account.email, account.password);
    const headers = bearer(session);
    shop.customer = { accountId: account.id, headers, addressId: await addShopAddress(routerUrl, headers), session };
    const { orderId, cartId } = await checkoutCart(routerUrl, shop.customer, [
      [roses, 2],
      [tulips, 1],
    ]);
    shop.orderId = orderId;
    shop.checkedOutCartId = cartId;
    await changeOrderStatus(routerUrl, orderId, 'CONFIRMED');
    const { createCart } = await expectData(routerUrl, 'mutation { createCart { id } }', {}, headers);
    await expectData(
      routerUrl,
      'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 3) { id } }',
      { c: createCart.id, p: orchid },
      headers,
    );
    shop.openCartId = createCart.id;

    // Reviews: the customer's, approved by staff; another customer's, pending. That one also keeps a wishlist.
    const { submitReview } = await expectData(
      routerUrl,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { productId: roses, rating: 5, title: 'Preciosas', body: 'Llegaron frescas y a tiempo.' } },
      headers,
    );
    await expectData(routerUrl, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, staff);
    const wisher = await asCustomer();
    shop.wisher = wisher;
    for (const productId of [tulips, orchid]) {
      await expectData(routerUrl, 'mutation($p: ID!) { addToWishlist(productId: $p) { itemCount } }', { p: productId }, wisher);
    }
    await expectData(
      routerUrl,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { productId: orchid, rating: 3, title: 'Bonita', body: 'Algo pequeña para el precio.' } },
      wisher,
    );

    // A ticket from the contact form, answered by staff.
    const { sendContactMessage } = await expectData(routerUrl, 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }', {
      input: { name: 'Ana Rojas', email: 'ana@example.com', subject: 'Despacho', body: '¿Despachan los domingos?' },
    });
    await expectData(routerUrl, 'mutation($id: ID!) { replyToTicket(id: $id, body: "Sí, por la mañana.") { id } }', { id: sendContactMessage.id }, staff);

    // A second session of the customer, signed out: its access token is revoked (Redis), its refresh token dead (PostgreSQL).
    shop.revoked = await logIn(routerUrl, account.email, account.password);
    await expectData(routerUrl, 'mutation { logout { sessionsRevoked } }', {}, bearer(shop.revoked));
    await eventually(async () => (await graphql(routerUrl, '{ myCart { id } }', {}, bearer(shop.revoked))).status === 401, 5_000);
  }

  /** Waits until every event of the seed was published and applied, so nothing is still on its way when the shop stops. */
  async function settle(routerUrl: string): Promise<void> {
    const postgres = new pg.Client({ connectionString: stores.env.DATABASE_URL });
    const mongo = await testMongoClient(stores.env.MONGODB_URL).connect();
    await postgres.connect();
    try {
      await eventually(async () => {
        for (const schema of ['auth', 'orders', 'contact']) {
          const { rows } = await postgres.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox_events WHERE published_at IS NULL`);
          if (Number(rows[0].n) > 0) return false;
        }
        if ((await mongo.db().collection('rating_outbox').countDocuments()) > 0) return false;
        const ordered = await expectData(routerUrl, 'query($id: ID!) { cart(id: $id) { itemCount } }', { id: shop.checkedOutCartId }, shop.customer.headers);
        const rated = await expectData(routerUrl, 'query($id: ID!) { product(id: $id) { rating { count } } }', { id: shop.products[0] });
        return ordered.cart.itemCount === 0 && rated.product.rating?.count === 1;
      }, 20_000);
    } finally {
      await postgres.end();
      await mongo.close();
    }
  }

  /** What the shop answers: to anyone, to the customer, to the customer who keeps a wishlist, to staff. */
  async function shopAnswers(routerUrl: string) {
    const product = 'id slug name price { amountMinor currency } stock active tags category { slug } rating { average count }';
    const publicView = await expectData(
      routerUrl,
      `{
        categories { slug name }
        products(first: 50, sortBy: NEWEST) { totalCount edges { node { ${product} reviews(first: 10) { edges { node { id rating title body status verifiedPurchase } } } } } }
        search: products(first: 50, search: "rosas") { totalCount edges { node { id } } }
      }`,
    );
    const customer = await expectData(
      routerUrl,
      `{
        myAccount { id email roles }
        me { id email displayName addresses { id recipient line1 city } }
        myOrders(first: 10) { totalCount edges { node {
          id status nextStatuses total { amountMinor currency } deliveryFee { amountMinor }
          lines { productName quantity unitPrice { amountMinor } lineTotal { amountMinor } }
          delivery { date window address { recipient line1 city } }
          timeline { sequence type status previousStatus actorRole note occurredAt }
          createdAt updatedAt
        } } }
        myCart { id itemCount lines { productId quantity unitPrice { amountMinor } } }
        myReviewsConnection { edges { node { id status rating title product { id } verifiedPurchase } } }
      }`,
      {},
      shop.customer.headers,
    );
    const wisher = await expectData(
      routerUrl,
      '{ myWishlist { itemCount items { product { id name } addedAt } } myReviewsConnection { edges { node { id status rating } } } }',
      {},
      shop.wisher,
    );
    const staff = await expectData(
      routerUrl,
      `query($order: ID!) {
        orders(first: 20) { totalCount edges { node { id status customer { id email } } } }
        order(id: $order) { id status timeline { status note } }
        tickets(first: 20) { id name email subject body status replies { body fromStaff } }
        pendingReviews(first: 20) { totalCount edges { node { id title rating } } }
      }`,
      { order: shop.orderId },
      shop.staff,
    );
    return { publicView, customer, wisher, staff };
  }

  async function emptyStores(): Promise<void> {
    await stores.recreateDatabase();
    const mongo = await testMongoClient(stores.env.MONGODB_URL).connect();
    await mongo.db().dropDatabase();
    await mongo.close();
    const redis = new Redis(stores.env.REDIS_URL);
    const keys = (await redis.keys('*')).filter((key) => key !== REDIS_CLAIM_KEY);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  }

  it('backs up every store into a folder with a manifest that says what each part holds', async () => {
    const routerUrl = await start();
    await seed(routerUrl);
    await settle(routerUrl);
    answersBefore = await shopAnswers(routerUrl);
    await stop();
    before = await snapshotStores(stores.env);

    // Two at once (a scheduled one, its credentials as files as the chart gives them, and one by hand): each makes a
    // complete backup of its own.
    const made = await Promise.all([runScript('backup', [], 'files'), runScript('backup', [])]);
    for (const outcome of made) expect(outcome, outcome.stderr).toMatchObject({ code: 0, stderr: '' });
    const [first, second] = made.map((outcome) => /^backup: (.+)$/m.exec(outcome.stdout)![1]);
    expect(first).not.toBe(second);
    for (const dir of [first, second]) expect(dir.startsWith(backupRoot)).toBe(true);
    backupDir = first;
    newestDir = [first, second].sort().at(-1)!; // names sort by age (a suffix -1 for the same second)
    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as Manifest;

    // PostgreSQL: each service schema, with the row count of every table as the snapshot has it.
    expect(manifest.postgresql.schemas.map((s) => s.schema)).toEqual([...SERVICES]);
    for (const { schema, tables, migrations } of manifest.postgresql.schemas) {
      expect(Object.fromEntries(Object.entries(before.postgresql[schema].rows).map(([table, rows]) => [table, rows.length]))).toEqual(tables);
      expect(migrations.length).toBeGreaterThan(0);
    }
    expect(manifest.postgresql.schemas.find((s) => s.schema === 'orders')!.tables.orders).toBe(1);
    // MongoDB: every collection of the database, owned by catalog, reviews and wishlist.
    expect(Object.fromEntries(manifest.mongodb.collections.map((c) => [c.name, c.documents]))).toEqual(
      Object.fromEntries(Object.entries(before.mongodb).map(([name, c]) => [name, c.documents.length])),
    );
    expect(new Set(manifest.mongodb.collections.map((c) => c.service))).toEqual(new Set(['catalog', 'reviews', 'wishlist']));
    expect(manifest.mongodb.collections.find((c) => c.name === 'products')!.indexes.map((i) => i.name)).toContain('slug_unique');
    // Redis: the revocation, the carts with their owners' pointers and the applied order event; no cache, no counter.
    const keys = Object.fromEntries(manifest.redis.groups.map((g) => [g.pattern, g.keys]));
    expect(keys).toMatchObject({ 'auth:revocations': 1, 'account-cart:*': 1 });
    expect(keys['cart:*']).toBeGreaterThanOrEqual(3); // two carts' metadata, the open one's lines
    expect(keys['cart-order-event:*']).toBeGreaterThanOrEqual(1);
    expect(Object.values(keys).reduce((sum, n) => sum + n, 0)).toBe(Object.keys(before.redis).length);
    // Checksums of every file, in the manifest and in SHA256SUMS.
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['postgresql.dump', 'redis.jsonl.gz', ...manifest.mongodb.collections.map((c) => c.file)].sort());
    const sums = await readFile(join(backupDir, 'SHA256SUMS'), 'utf8');
    for (const file of manifest.files) expect(sums).toContain(`${file.sha256}  ${file.path}\n`);
  }, 180_000);

  it('restored into empty stores: they hold exactly what was backed up, and the shop answers the same; the revoked token stays refused', async () => {
    await emptyStores();
    // As a restore Job in the cluster would run it: the stores' URLs from files.
    const restored = await runScript('restore', [backupDir, '--yes'], 'files');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await snapshotStores(stores.env)).toEqual(before);
    // Caches and counters were not backed up: only the router's cache epoch (made stale) is there besides the durable keys.
    const redis = new Redis(stores.env.REDIS_URL);
    const others = (await redis.keys('*')).filter((key) => key !== REDIS_CLAIM_KEY && !(key in before.redis));
    redis.disconnect();
    expect(others.sort()).toEqual(['router:cache:epoch', 'router:cache:floor']);

    const routerUrl = await start();
    expect(await shopAnswers(routerUrl)).toEqual(answersBefore);
    const refused = await graphql(routerUrl, '{ myCart { id } }', {}, bearer(shop.revoked));
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const refresh = await graphql(routerUrl, REFRESH, { refreshToken: shop.revoked.refreshToken });
    expect(refresh.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REVOKED' });
    // The open cart is the customer's again, with what they had put in it.
    const { myCart } = await expectData(routerUrl, '{ myCart { id lines { productId quantity } } }', {}, shop.customer.headers);
    expect(myCart).toEqual({ id: shop.openCartId, lines: [{ productId: shop.products[2], quantity: 3 }] });
  }, 180_000);

  it('restored again over what was written since: the backup’s data again, each time (idempotent)', async () => {
    const routerUrl = supergraph!.routerUrl;
    // Changes after the backup, in every store.
    const { createProduct } = await expectData(
      routerUrl,
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: { name: 'Girasoles', slug: unique('girasoles'), priceMinor: 9_990, currency: 'CLP', stock: 5 } },
      shop.staff,
    );
    await expectData(routerUrl, 'mutation($p: ID!) { addToWishlist(productId: $p) { itemCount } }', { p: createProduct.id }, shop.wisher);
    await expectData(routerUrl, 'mutation { createCart { id } }', {}, shop.customer.headers);
    await addShopAddress(routerUrl, shop.customer.headers);
    await stop();
    expect(await snapshotStores(stores.env)).not.toEqual(before);

    const restored = await runScript('restore', [backupDir, '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await snapshotStores(stores.env)).toEqual(before);
    // Again, twice at once (one waits for the other): the same data.
    const twice = await Promise.all([runScript('restore', [backupDir, '--yes']), runScript('restore', [backupDir, '--yes'])]);
    for (const outcome of twice) expect(outcome.code, outcome.stderr).toBe(0);
    expect(await snapshotStores(stores.env)).toEqual(before);
  }, 180_000);

  it('refuses a damaged or incomplete backup, and changes nothing', async () => {
    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as Manifest;
    const flipByte = async (file: string) => {
      const bytes = await readFile(file);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      await writeFile(file, bytes);
    };
    const damages: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
      ['a byte of the PostgreSQL dump', (dir) => flipByte(join(dir, 'postgresql.dump')), /postgresql\.dump is damaged/],
      ['a byte of a collection', (dir) => flipByte(join(dir, manifest.mongodb.collections[0].file)), /is damaged/],
      [
        "the manifest's row counts",
        async (dir) => {
          const text = await readFile(join(dir, 'manifest.json'), 'utf8');
          await writeFile(join(dir, 'manifest.json'), text.replace('"orders": 1', '"orders": 2'));
        },
        /manifest\.json does not match its checksum/,
      ],
      ['the Redis file, gone', (dir) => rm(join(dir, 'redis.jsonl.gz')), /redis\.jsonl\.gz is missing/],
      ['SHA256SUMS, gone', (dir) => rm(join(dir, 'SHA256SUMS')), /not a complete backup/],
    ];
    for (const [what, damage, reason] of damages) {
      const copy = join(backupRoot, `damaged-${damages.findIndex(([w]) => w === what)}`);
      await cp(backupDir, copy, { recursive: true });
      await damage(copy);
      const outcome = await runScript('restore', [copy, '--yes']);
      expect(outcome.code, what).toBe(2);
      expect(outcome.stderr, what).toMatch(/^restore refused, nothing was changed: /);
      expect(outcome.stderr, what).toMatch(reason);
    }
    expect(await snapshotStores(stores.env)).toEqual(before);
    // The intact backups still verify (without --yes: nothing is written); `latest` is the newest in BACKUP_DIR.
    const verified = await runScript('restore', ['latest']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`verified: ${newestDir};`);
  }, 180_000);

  it('refuses to start on a credential file it cannot read, or a credential given both ways: names the variable, never the value, writes nothing', async () => {
    const folders = (await readdir(backupRoot)).sort();
    const nowhere = join(secretsDir, 'nowhere');
    const unreadable = await runScript('backup', [], 'files', { MONGODB_URL_FILE: nowhere });
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^backup failed: Invalid configuration:/);
    expect(unreadable.stderr).toContain(`MONGODB_URL_FILE: cannot read ${nowhere} (ENOENT)`);
    const twice = await runScript('backup', [], 'files', { DATABASE_URL: stores.env.DATABASE_URL });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('DATABASE_URL: set either DATABASE_URL or DATABASE_URL_FILE, not both');
    expect(twice.stderr).not.toContain(stores.env.DATABASE_URL);
    const restore = await runScript('restore', ['latest', '--yes'], 'files', { REDIS_URL_FILE: nowhere });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`restore failed: Invalid configuration:\n  REDIS_URL_FILE: cannot read ${nowhere} (ENOENT)`);
    expect((await readdir(backupRoot)).sort()).toEqual(folders);
    expect(await snapshotStores(stores.env)).toEqual(before);
  }, 60_000);
});
