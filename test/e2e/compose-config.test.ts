// docker-compose.yml checked against the code, without a Docker engine: each application service declares
// every variable its code reads (and nothing the code doesn't), with values the code accepts, its secrets as files;
// listens, publishes and health-checks on the port and paths the code serves; and starts after what it needs.
// Docker Compose itself (v5, built by scripts/tools.sh) validates the file and resolves it for the checks of secrets.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { mongodbExporterEnv } from '../../scripts/mongodb-exporter/exporter-env';
import { deployTools, missingTools, run } from '../support/deploy-tools';
import { commandOf, containerPort, dependencies, healthcheckCommand, hostPort, interpolate, rawEnvironment, readComposeFile } from '../support/compose-file';
import { appServiceSpecs, subgraphNames } from '../support/service-env';

const ROOT = join(__dirname, '..', '..');
const compose = readComposeFile(join(ROOT, 'docker-compose.yml'));
const specs = appServiceSpecs();

/** Where each backing service listens inside the compose network. */
const BACKING_PORTS: Record<string, number> = { postgres: 5432, mongo: 27017, redis: 6379, rabbitmq: 5672, mailpit: 1025, elasticsearch: 9200 };

/** Declared on purpose though no schema reads them; each with its reason. Empty today. */
const ALLOWED_EXTRA: Record<string, Record<string, string>> = {};

/**
 * Secrets a deployment must supply, from its environment: compose hands each to the services that read it as the file
 * /run/secrets/<secret> (<VAR>_FILE), never as an environment variable of the container.
 */
const SECRETS: Record<string, { secret: string; users: string[] }> = {
  INTERNAL_SECRET: { secret: 'internal_secret', users: ['router', ...subgraphNames()] },
  AUTH_SIGNING_KEYS: { secret: 'auth_signing_keys', users: ['auth'] },
  MAIL_TOKEN_KEY: { secret: 'mail_token_key', users: ['auth', 'users'] },
};

/** Host paths outside the repository a service may mount, with the reason. */
const HOST_PATHS: Record<string, Record<string, string>> = {
  filebeat: { '/var/lib/docker/containers': 'the log files of the containers', '/var/run/docker.sock': 'their compose labels, from the engine' },
  'node-exporter': { '/': "the host's filesystems, read-only: the disk space alerts" },
};

/** The paths runtime/http-service.ts serves on every service's public port (router and subgraphs alike). */
const servedPaths = [...readFileSync(join(ROOT, 'runtime', 'http-service.ts'), 'utf8').matchAll(/app\.get\(\s*'([^']+)'/g)].map((m) => m[1]);
/** What runtime/metrics-server.ts serves on every service's metrics port. */
const metricsServer = readFileSync(join(ROOT, 'runtime', 'metrics-server.ts'), 'utf8');

const samples: Record<string, string> = {
  INTERNAL_SECRET: 'compose-test-internal-secret-0123456789abcdef',
  MAIL_TOKEN_KEY: 'Y29tcG9zZS10ZXN0LW1haWwtdG9rZW4ta2V5LTMyYnk=',
};

/** Where the test puts the secrets' sample values, as compose would under /run/secrets/. */
const secretsDir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));

function environment(name: string) {
  const raw = rawEnvironment(compose.services[name]);
  const resolved = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, interpolate(v, samples).value]));
  return { raw, resolved };
}

/** The resolved environment with each /run/secrets/<secret> path moved to the test's copy, for the code's own validation. */
function withSecretFiles(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith('/run/secrets/') ? join(secretsDir, v.slice('/run/secrets/'.length)) : v]));
}

function urlsOf(env: Record<string, string>): [string, URL][] {
  return Object.entries(env).flatMap(([name, value]) => {
    if (!/^[a-z][a-z0-9+]*:\/\//i.test(value)) return [];
    return [[name, new URL(value)] as [string, URL]];
  });
}

beforeAll(async () => {
  // A real key, so the auth service's validation of AUTH_SIGNING_KEYS runs on a well-formed value.
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  samples.AUTH_SIGNING_KEYS = JSON.stringify([{ ...(await exportJWK(privateKey)), kid: 'compose-test' }]);
  for (const [variable, { secret }] of Object.entries(SECRETS)) writeFileSync(join(secretsDir, secret), `${samples[variable]}\n`);
});
afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('has a service for the router, every subgraph and the migrations job, all from the one image', () => {
    for (const spec of specs) {
      expect(compose.services[spec.name], spec.name).toBeDefined();
      expect(compose.services[spec.name].image, spec.name).toBe(compose.services.router.image);
    }
  });

  describe.each(specs.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
    it('declares every variable its code reads, and only those (or allowed ones)', () => {
      const declared = Object.keys(environment(name).raw);
      // NAME or NAME_FILE: either gives the value of a variable also read from a file.
      const given = (v: string) => {
        const base = spec.fileVariables.find((f) => v === f || v === `${f}_FILE`);
        return base ? declared.includes(base) || declared.includes(`${base}_FILE`) : declared.includes(v);
      };
      const missing = spec.variables.filter((v) => !given(v));
      expect(missing, `${name} reads these but compose does not set them`).toEqual([]);
      const allowed = ALLOWED_EXTRA[name] ?? {};
      const unknown = declared.filter((v) => !spec.variables.includes(v) && !(v in allowed) && !spec.patterns.some((p) => p.test(v)));
      expect(unknown, `${name} declares variables its code never reads (misspelt?)`).toEqual([]);
      for (const pattern of spec.patterns) {
        for (const v of declared) {
          const match = pattern.exec(v);
          if (match) expect(subgraphNames(), `${v} names no subgraph`).toContain(match[1].toLowerCase());
        }
      }
    });

    it('sets the variables without a default, and those whose default is this loopback', () => {
      const { resolved } = environment(name);
      for (const v of spec.required) expect(resolved[v] ?? resolved[`${v}_FILE`], `${name}: ${v} has no default`).toBeTruthy();
      for (const v of spec.loopbackDefaults) {
        expect(resolved[v], `${name}: ${v}`).toBeDefined();
        expect(resolved[v], `${name}: ${v} must not point at the container's own loopback`).not.toMatch(/127\.0\.0\.1|localhost/);
      }
      if (spec.variables.includes('HOST')) expect(resolved.HOST).toBe('0.0.0.0');
    });

    it('gives values the code accepts, and its secrets only as the files of compose secrets', () => {
      const { raw, resolved } = environment(name);
      expect(() => spec.validate(withSecretFiles(resolved))).not.toThrow();
      const mounted = (compose.services[name].secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
      const needed = Object.entries(SECRETS).filter(([, { users }]) => users.includes(name));
      for (const [variable, { secret }] of needed) {
        expect(raw[`${variable}_FILE`], `${name}: ${variable}_FILE`).toBe(`/run/secrets/${secret}`);
        expect(raw, `${name}: ${variable} in the container's environment`).not.toHaveProperty(variable);
        expect(compose.secrets?.[secret], secret).toEqual({ environment: variable });
      }
      expect(mounted.sort(), name).toEqual(needed.map(([, { secret }]) => secret).sort());
    });

    it("runs its own entry point, through the image's (which starts it by name, with its heap settings)", () => {
      const command = commandOf(compose.services[name]);
      expect(existsSync(join(ROOT, `${spec.main}.ts`)), spec.main).toBe(true);
      if (name === 'migrate') expect(command[0]).toBe('migrate');
      else expect(command).toEqual([name]);
    });

    it('listens, publishes and is health-checked on its code port, on a path it serves; exposes its metrics port to the network only', () => {
      const service = compose.services[name];
      if (spec.port === undefined) {
        // A job: it exits when done, so "healthy" never applies.
        expect(service.restart).toBe('no');
        expect(service.healthcheck?.disable).toBe(true);
        return;
      }
      const port = Number(environment(name).resolved.PORT);
      expect(port).toBe(spec.port);
      const metricsPort = Number(environment(name).resolved.METRICS_PORT);
      expect(metricsPort).toBe(spec.metricsPort);
      expect(metricsPort).not.toBe(port);
      for (const entry of service.ports ?? []) expect(containerPort(entry), `${name} publishes only its public port`).toBe(port);
      for (const entry of service.expose ?? []) expect([port, metricsPort]).toContain(containerPort(entry));
      expect((service.expose ?? []).map(containerPort)).toContain(metricsPort);
      const check = healthcheckCommand(service);
      const target = /http:\/\/127\.0\.0\.1:(?:(\d+)|' \+ process\.env\.PORT \+ ')(\/[a-z]+)/.exec(check);
      expect(target, `${name}: healthcheck ${check}`).not.toBeNull();
      if (target![1]) expect(Number(target![1])).toBe(port);
      expect(['/readyz', '/healthz']).toContain(target![2]);
      expect(servedPaths).toContain(target![2]);
    });

    it('points its URLs at compose services on the ports they listen on', () => {
      for (const [variable, url] of urlsOf(environment(name).resolved)) {
        const target = url.hostname;
        if (!(target in compose.services)) continue; // an outside address (e.g. Google's keys)
        const expected = BACKING_PORTS[target] ?? Number(environment(target).resolved.PORT);
        expect(Number(url.port), `${name}: ${variable}`).toBe(expected);
      }
    });

    it('starts after the backing services it uses are healthy, and after the migrations', () => {
      const deps = dependencies(compose.services[name]);
      for (const [variable, url] of urlsOf(environment(name).resolved)) {
        if (url.hostname in BACKING_PORTS) expect(deps[url.hostname], `${name}: ${variable}`).toBe('service_healthy');
      }
      if (name !== 'migrate' && 'DATABASE_URL' in environment(name).resolved) {
        expect(deps.migrate, name).toBe('service_completed_successfully');
      }
      if (name === 'router') for (const s of subgraphNames()) expect(deps[s], `router on ${s}`).toBe('service_healthy');
    });
  });

  it('router reaches every subgraph at its compose address', () => {
    const { resolved } = environment('router');
    for (const spec of specs.filter((s) => s.name !== 'router' && s.port !== undefined)) {
      expect(resolved[`SUBGRAPH_${spec.name.toUpperCase()}_URL`]).toBe(`http://${spec.name}:${spec.port}/graphql`);
    }
  });

  it('every depends_on is satisfiable: the target exists, has a health check or exits, and runs in the same profiles', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [target, condition] of Object.entries(dependencies(service))) {
        const dependency = compose.services[target];
        expect(dependency, `${name} -> ${target}`).toBeDefined();
        expect(['service_healthy', 'service_completed_successfully'], `${name} -> ${target}`).toContain(condition);
        if (condition === 'service_healthy') {
          expect(dependency.healthcheck?.test, `${target} has no healthcheck`).toBeDefined();
          expect(dependency.healthcheck?.disable, `${target}`).not.toBe(true);
        } else {
          expect(dependency.restart ?? 'no', `${target} would be restarted after it completed`).toBe('no');
        }
        const theirs = dependency.profiles ?? [];
        expect(
          theirs.every((p) => (service.profiles ?? []).includes(p)),
          `${name} -> ${target} profiles`,
        ).toBe(true);
      }
    }
  });

  it('backing-service credentials in the URLs match the containers', () => {
    const postgres = environment('postgres').resolved;
    const rabbitmq = environment('rabbitmq').resolved;
    for (const name of Object.keys(compose.services)) {
      for (const [variable, url] of urlsOf(environment(name).resolved)) {
        if (url.hostname === 'postgres') {
          expect([url.username, url.password, url.pathname], `${name}: ${variable}`).toEqual([
            postgres.POSTGRES_USER,
            postgres.POSTGRES_PASSWORD,
            `/${postgres.POSTGRES_DB}`,
          ]);
        }
        if (url.hostname === 'rabbitmq') {
          expect([url.username, url.password], `${name}: ${variable}`).toEqual([rabbitmq.RABBITMQ_DEFAULT_USER, rabbitmq.RABBITMQ_DEFAULT_PASS]);
        }
      }
    }
  });

  it('runs MongoDB 7, RabbitMQ with its management UI, Prometheus and Grafana on free host ports', () => {
    const { services } = compose;
    expect(services.mongo.image).toMatch(/^mongo:7(\.|$)/);
    expect(services.rabbitmq.image).toMatch(/-management$/);
    expect((services.rabbitmq.ports ?? []).map(hostPort)).toContain(15672);
    expect(services.prometheus.image).toMatch(/^prom\/prometheus:v\d/);
    expect(services.grafana.image).toMatch(/^grafana\/grafana:\d/);
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, hostPort(p)] as const));
    const hostPorts = published.map(([, p]) => p);
    expect(new Set(hostPorts).size, 'two services publish the same host port').toBe(hostPorts.length);
    expect(published.find(([, p]) => p === 3000)?.[0]).toBe('router');
  });

  it("uses only declared named volumes, existing files for bind mounts, and the host's paths only where allowed", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '');
        if (source.startsWith('.')) expect(existsSync(join(ROOT, source)), `${name}: ${source}`).toBe(true);
        else if (source.startsWith('/')) expect(HOST_PATHS[name] ?? {}, `${name}: ${source}`).toHaveProperty([source]);
        else expect(compose.volumes ?? {}, `${name}: ${source}`).toHaveProperty(source);
      }
    }
  });

  it("has Prometheus scrape /metrics of every application service on its metrics port, and RabbitMQ's plugin per queue", () => {
    const config = parse(readFileSync(join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8'));
    type Job = { job_name: string; metrics_path?: string; params?: Record<string, string[]>; static_configs: { targets: string[] }[] };
    const jobs = new Map((config.scrape_configs as Job[]).map((job) => [job.job_name, job]));
    const app = jobs.get('flores-victoria')!;
    expect(app.metrics_path ?? '/metrics').toBe('/metrics');
    expect(metricsServer).toContain("path !== '/metrics'");
    expect(servedPaths).not.toContain('/metrics');
    const expected = specs.filter((s) => s.port !== undefined).map((s) => `${s.name}:${s.metricsPort}`);
    expect(app.static_configs.flatMap((c) => c.targets).sort()).toEqual(expected.sort());

    // The broker's own queue metrics: its Prometheus plugin enabled in the mounted plugins file, port exposed.
    const broker = jobs.get('rabbitmq')!;
    expect(broker.static_configs.flatMap((c) => c.targets)).toEqual(['rabbitmq:15692']);
    expect([broker.metrics_path, broker.params?.family]).toEqual(['/metrics/detailed', ['queue_coarse_metrics']]);
    expect(compose.services.rabbitmq.expose).toContain('15692');
    expect(compose.services.rabbitmq.volumes).toContain('./deploy/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro');
    expect(readFileSync(join(ROOT, 'deploy', 'rabbitmq', 'enabled_plugins'), 'utf8')).toMatch(
      /^\[(?=.*rabbitmq_management)(?=.*rabbitmq_prometheus)[^\]]*\]\.\s*$/,
    );
    // The rest (exporters, the broker's node totals, Alertmanager, Prometheus itself) are the monitoring's own jobs,
    // checked with the rules in test/e2e/alert-rules.test.ts.
    expect([...jobs.keys()].sort()).toEqual([
      'alertmanager',
      'flores-victoria',
      'mongodb',
      'node',
      'postgresql',
      'prometheus',
      'rabbitmq',
      'rabbitmq-node',
      'redis',
    ]);
  });

  it('runs every host prometheus.yml names (scrape targets, Alertmanager) as a service that starts with Prometheus, on that port', () => {
    const config = parse(readFileSync(join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8'));
    const targets: string[] = [
      ...config.scrape_configs.flatMap((job: { static_configs: { targets: string[] }[] }) => job.static_configs.flatMap((c) => c.targets)),
      ...config.alerting.alertmanagers.flatMap((a: { static_configs: { targets: string[] }[] }) => a.static_configs.flatMap((c) => c.targets)),
    ];
    expect(targets.length).toBeGreaterThan(10);
    const prometheus = compose.services.prometheus;
    expect(prometheus.profiles).toEqual(['app']);
    for (const target of new Set(targets)) {
      const [host, port] = target.split(':');
      const service = compose.services[host];
      expect(service, `${target}: no compose service ${host}`).toBeDefined();
      // In Prometheus' profile, or in none (then it always runs).
      expect(service.profiles ?? prometheus.profiles, target).toEqual(prometheus.profiles);
      const ports = [...(service.expose ?? []), ...(service.ports ?? [])].map(containerPort);
      expect(ports, target).toContain(Number(port));
    }
    for (const name of ['alertmanager', 'postgres-exporter', 'redis-exporter', 'mongodb-exporter', 'node-exporter']) {
      expect(
        targets.some((t) => t.startsWith(`${name}:`)),
        name,
      ).toBe(true);
    }
    // The exporters' official images (the MongoDB one is ours: the application image), at pinned versions.
    for (const name of ['alertmanager', 'postgres-exporter', 'redis-exporter', 'node-exporter']) {
      expect(compose.services[name].image, name).toMatch(/^[a-z0-9_/-]+:v\d+\.\d+\.\d+$/);
    }
  });

  it('mounts the alert rules where rule_files looks, and Alertmanager mails with deploy/alertmanager/alertmanager.yml', () => {
    const config = parse(readFileSync(join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8'));
    // Target -> source of a service's mounts (the file's short syntax: source:target[:mode]).
    const mounts = (name: string) =>
      Object.fromEntries(
        (compose.services[name].volumes ?? [])
          .filter((v): v is string => typeof v === 'string')
          .map((v) => {
            const [source, target] = v.split(':');
            return [target, source];
          }),
      );
    const prometheus = mounts('prometheus');
    expect(prometheus['/etc/prometheus/prometheus.yml']).toBe('./deploy/prometheus/prometheus.yml');
    // rule_files are relative to the configuration's directory.
    expect(config.rule_files).toEqual(['rules/*.yml']);
    expect(prometheus['/etc/prometheus/rules']).toBe('./helm/flores-victoria/alerts');
    expect(compose.services.prometheus.volumes).toContain('./helm/flores-victoria/alerts:/etc/prometheus/rules:ro');
    expect(readdirSync(join(ROOT, 'helm', 'flores-victoria', 'alerts')).filter((f) => f.endsWith('.yml'))).toEqual(['flores-victoria.rules.yml']);

    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093']);
    const alertmanager = compose.services.alertmanager;
    expect(alertmanager.image).toMatch(/^prom\/alertmanager:v\d/);
    const configFile = commandOf(alertmanager)
      .find((a) => a.startsWith('--config.file='))!
      .slice('--config.file='.length);
    expect(mounts('alertmanager')[configFile]).toBe('./deploy/alertmanager/alertmanager.yml');
    // It mails through compose's Mailpit, started first.
    const smarthost = parse(readFileSync(join(ROOT, 'deploy', 'alertmanager', 'alertmanager.yml'), 'utf8')).global.smtp_smarthost as string;
    expect(smarthost).toBe(`mailpit:${BACKING_PORTS.mailpit}`);
    expect(dependencies(alertmanager).mailpit).toBe('service_healthy');
    expect(healthcheckCommand(alertmanager)).toContain('http://127.0.0.1:9093/-/ready');
  });

  it('runs the exporters against the compose stores: the MongoDB one from the application image, with variables its code reads', () => {
    const { services } = compose;
    const exporter = services['mongodb-exporter'];
    expect(exporter.image).toBe(services.router.image);
    expect(commandOf(exporter)).toEqual(['node', 'dist/scripts/mongodb-exporter/main.js']);
    expect(existsSync(join(ROOT, 'scripts', 'mongodb-exporter', 'main.ts'))).toBe(true);
    const { raw, resolved } = environment('mongodb-exporter');
    expect(Object.keys(raw).filter((v) => !(v in mongodbExporterEnv))).toEqual([]);
    const config = loadConfig(mongodbExporterEnv, resolved);
    expect([config.HOST, config.PORT, new URL(config.MONGODB_URL).host]).toEqual(['0.0.0.0', 9216, `mongo:${BACKING_PORTS.mongo}`]);
    expect(healthcheckCommand(exporter)).toContain("'/metrics'");
    const postgres = new URL(environment('postgres-exporter').resolved.DATA_SOURCE_NAME);
    expect([postgres.host, postgres.searchParams.get('sslmode')]).toEqual([`postgres:${BACKING_PORTS.postgres}`, 'disable']);
    expect(environment('redis-exporter').resolved.REDIS_ADDR).toBe(environment('router').resolved.REDIS_URL);
    for (const [name, store] of [
      ['postgres-exporter', 'postgres'],
      ['redis-exporter', 'redis'],
      ['mongodb-exporter', 'mongo'],
    ]) {
      expect(dependencies(services[name])[store], name).toBe('service_healthy');
    }
    expect(commandOf(services['node-exporter'])).toEqual(['--path.rootfs=/host']);
    expect(services['node-exporter'].volumes).toEqual(['/:/host:ro,rslave']);
  });

  it('ships every container\'s JSON log lines to Elasticsearch in the "logs" profile, with their trace ids (deploy/filebeat/filebeat.yml)', () => {
    const { services } = compose;
    for (const name of ['elasticsearch', 'kibana', 'filebeat']) expect(services[name]?.profiles, name).toEqual(['logs']);
    expect(services.filebeat.volumes).toContain('./deploy/filebeat/filebeat.yml:/usr/share/filebeat/filebeat.yml:ro');
    expect(rawEnvironment(services.filebeat).COMPOSE_PROJECT).toBe('${COMPOSE_PROJECT_NAME:-flores-victoria}');
    const config = parse(readFileSync(join(ROOT, 'deploy', 'filebeat', 'filebeat.yml'), 'utf8'));
    const [input] = config['filebeat.inputs'];
    expect(input).toMatchObject({ type: 'filestream', paths: ['/var/lib/docker/containers/*/*-json.log'], parsers: [{ container: null }] });
    // Only this project's containers: their compose labels come from the engine.
    expect(input.processors[0]).toHaveProperty('add_docker_metadata');
    expect(input.processors[1].drop_event.when).toEqual({
      not: { equals: { 'container.labels.com_docker_compose_project': '${COMPOSE_PROJECT:flores-victoria}' } },
    });
    // The fields runtime/logger.ts writes, to their ECS names.
    expect(readFileSync(join(ROOT, 'runtime', 'logger.ts'), 'utf8')).toMatch(/return \{ traceId, spanId \}/);
    const decode = config.processors.find((p: Record<string, unknown>) => 'decode_json_fields' in p).decode_json_fields;
    expect(decode).toMatchObject({ fields: ['message'], target: 'flores' });
    const renamed = config.processors.flatMap((p: { rename?: { fields: { from: string; to: string }[] } }) => p.rename?.fields ?? []);
    expect(renamed).toEqual(
      expect.arrayContaining([
        { from: 'flores.traceId', to: 'trace.id' },
        { from: 'flores.spanId', to: 'span.id' },
        { from: 'flores.requestId', to: 'http.request.id' },
        { from: 'flores.service', to: 'service.name' },
        { from: 'flores.level', to: 'log.level' },
        { from: 'flores.msg', to: 'message' },
      ]),
    );
    expect(config['output.elasticsearch'].hosts).toEqual(['${ELASTICSEARCH_HOSTS:http://elasticsearch:9200}']);
  });
});

type Resolved = {
  name: string;
  services: Record<string, { environment?: Record<string, string | null>; secrets?: { source: string; target: string }[]; profiles?: string[] }>;
  secrets: Record<string, { name: string; environment?: string }>;
};

const tools = deployTools('compose');
const skipReason = missingTools(tools, ['compose']);

describe.skipIf(skipReason !== undefined)('docker-compose.yml by Docker Compose v5 (config: no engine needed)', () => {
  const compose5 = (args: string[], env: Record<string, string> = {}) =>
    run(tools.compose!, ['-f', join(ROOT, 'docker-compose.yml'), ...args], { env: { COMPOSE_PROFILES: '', COMPOSE_PROJECT_NAME: '', ...env } });
  const ALL = ['--profile', 'app', '--profile', 'tracing', '--profile', 'logs'];

  it('is valid on the current Compose specification, with every profile, and without secrets for the backing services alone', () => {
    for (const profiles of [[], ['--profile', 'app'], ALL]) {
      const { stderr, status } = compose5([...profiles, 'config', '-q'], samples);
      expect(stderr, profiles.join(' ')).toBe('');
      expect(status, profiles.join(' ')).toBe(0);
    }
    const { stderr, status } = compose5(['config', '-q'], { INTERNAL_SECRET: '', AUTH_SIGNING_KEYS: '', MAIL_TOKEN_KEY: '' });
    expect([stderr, status]).toEqual(['', 0]);
  });

  it('names the project, and hands each service its secrets as files, their values never in a container environment', () => {
    const { stdout, status } = compose5([...ALL, 'config', '--format', 'json'], samples);
    expect(status).toBe(0);
    const resolved = JSON.parse(stdout) as Resolved;
    expect(resolved.name).toBe('flores-victoria');
    for (const [variable, { secret, users }] of Object.entries(SECRETS)) {
      expect(resolved.secrets[secret]).toEqual({ name: `flores-victoria_${secret}`, environment: variable });
      for (const user of users) {
        const service = resolved.services[user];
        expect(service.secrets, user).toContainEqual({ source: secret, target: `/run/secrets/${secret}` });
        expect(service.environment?.[`${variable}_FILE`], user).toBe(`/run/secrets/${secret}`);
      }
    }
    const values = Object.keys(SECRETS).map((variable) => samples[variable]);
    for (const [name, service] of Object.entries(resolved.services)) {
      const leaked = Object.entries(service.environment ?? {}).filter(([, value]) => values.includes(value ?? ''));
      expect(leaked, name).toEqual([]);
    }
    expect(resolved.services.filebeat.environment?.COMPOSE_PROJECT).toBe('flores-victoria');
    const renamed = JSON.parse(compose5(['-p', 'shop-test', ...ALL, 'config', '--format', 'json'], samples).stdout) as Resolved;
    expect(renamed.services.filebeat.environment?.COMPOSE_PROJECT).toBe('shop-test');
  });
});

// Only where the tool is missing: a skip that says why (and a failure in CI).
if (skipReason !== undefined) {
  describe('docker-compose.yml by Docker Compose v5 (tool missing)', () => {
    it('is checked in CI, where .ci/run builds the tools', (context) => {
      expect(process.env.CI, `CI must validate docker-compose.yml with Docker Compose: ${skipReason}`).not.toBe('true');
      context.skip(skipReason);
    });
  });
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('copies only files that exist and are not excluded from the build context', () => {
    const copies = [...dockerfile.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].map((m) => m[1].split(/\s+/).filter((a) => !a.startsWith('--')));
    expect(copies.length).toBeGreaterThan(0);
    for (const args of copies) {
      for (const source of args.slice(0, -1)) {
        const path = source.replace(/\/$/, '');
        expect(existsSync(join(ROOT, path)), source).toBe(true);
        expect(ignored, `${source} is in .dockerignore`).not.toContain(path);
      }
    }
  });

  it('installs with npm ci, generates the Prisma clients, runs as a non-root user and listens beyond loopback', () => {
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm run prisma:generate/);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER (?!root\b)\S+/m);
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
    expect(runtime).toMatch(/^CMD \["router"\]/m);
  });
});
