/**
 * Findings (issue 12): `STEPDOWN_TRUST_PROXY=true` trusted every hop, so the left-most
 * X-Forwarded-For entry, which the client writes, became its address (sign-in and share-page limits
 * bypassed, the forged address in the audit log); the CSRF origin check compared Origin with the raw
 * Host header, so nginx's default proxy_pass (Host: 127.0.0.1:PORT) broke every browser write; the
 * CDS audience was built from the caller's Host header.
 *
 * Now only listed proxies (or a number of hops) are believed, the client is the right-most untrusted
 * X-Forwarded-For entry, and the public address (STEPDOWN_PUBLIC_URL) is the one origin, link base
 * and audience, whatever Host says. On both engines where a database is involved.
 */
import { request as httpRequest } from 'node:http';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { buildApp } from '../../src/server/app.js';
import { decoyHash } from '../../src/server/auth/passwords.js';
import type { ProxyTrust } from '../../src/server/proxy-trust.js';
import { CDS_SERVICE_PATH, ehrClients, ehrToken, hookRequest } from '../support/cds.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectProblem } from '../support/http.js';
import { finalisedPlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

const PUBLIC_URL = 'https://stepdown.example.org';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers fetch will not send as given (Host), as a proxy would send it. */
function raw(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawAnswer> {
  const url = new URL(server.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** An app whose one extra route says what it made of the request: address, scheme and host. */
async function echoApp(trustProxy: ProxyTrust, database: TestDatabase) {
  const app = await buildApp(
    {
      database: database.handle,
      ruleset: loadDefaultRuleSet(),
      secret: Buffer.from('echo-test-secret-echo-test-secret!!'),
      clock: () => new Date(),
      decoyHash: decoyHash(),
      trustProxy,
    },
    { logLevel: 'silent' },
  );
  app.get('/test/echo', { config: { access: 'public' } }, (request) => ({
    ip: request.ip,
    protocol: request.protocol,
    host: request.host,
  }));
  return app;
}

describe('what the server believes of forwarding headers (Fastify trustProxy as Stepdown sets it)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });

  const forwarded = {
    'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.9.9.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'evil.example',
    host: 'stepdown.internal:3000',
  };

  async function echo(trust: ProxyTrust, remoteAddress: string, headers: Record<string, string> = forwarded) {
    const app = await echoApp(trust, database);
    try {
      const answer = await app.inject({ method: 'GET', url: '/test/echo', remoteAddress, headers });
      return answer.json<{ ip: string; protocol: string; host: string }>();
    } finally {
      await app.close();
    }
  }

  it('believes nothing from a peer that is not a listed proxy', async () => {
    for (const trust of [false, ['10.0.0.0/8'], ['192.0.2.1', 'fd00::/8']] as const) {
      expect(await echo(trust, '127.0.0.1')).toEqual({
        ip: '127.0.0.1',
        protocol: 'http',
        host: 'stepdown.internal:3000',
      });
    }
  });

  it('takes the right-most untrusted X-Forwarded-For entry behind listed proxies, and their Proto and Host', async () => {
    // The peer and the last hop are ours (10/8): the client is the entry before them, never the
    // left-most one, which the client wrote.
    expect(await echo(['10.0.0.0/8'], '10.1.2.3')).toEqual({
      ip: '203.0.113.7',
      protocol: 'https',
      host: 'evil.example',
    });
    expect(await echo(['10.1.2.3', '10.9.9.9'], '10.1.2.3')).toMatchObject({ ip: '203.0.113.7' });
    // Only the peer listed: the entry it added is the client, even if that is another private address.
    expect(await echo(['10.1.2.3'], '10.1.2.3')).toMatchObject({ ip: '10.9.9.9' });
    // IPv6 proxies and clients, and IPv4 peers seen as IPv4-mapped IPv6.
    expect(
      await echo(['fd00::/8'], 'fd00::1', { 'x-forwarded-for': '2001:db8::66, 2001:db8::5', host: 'h' }),
    ).toMatchObject({ ip: '2001:db8::5' });
    expect(
      await echo(['127.0.0.1'], '::ffff:127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4', host: 'h' }),
    ).toMatchObject({ ip: '198.51.100.4' });
  });

  it('counts hops from the peer when given a number (Fastify alone would ignore X-Forwarded-For)', async () => {
    expect(await echo(1, '127.0.0.1')).toMatchObject({ ip: '10.9.9.9' });
    expect(await echo(2, '127.0.0.1')).toMatchObject({ ip: '203.0.113.7' });
    // Why Stepdown hands Fastify a function: given the number itself, Fastify 5 trusts no hop.
    // Fastify's documentation takes a number of hops here; its types do not.
    const plain = Fastify({ trustProxy: 1 } as unknown as FastifyServerOptions);
    plain.get('/', (request) => ({ ip: request.ip }));
    const answer = await plain.inject({ method: 'GET', url: '/', remoteAddress: '127.0.0.1', headers: forwarded });
    expect(answer.json()).toEqual({ ip: '127.0.0.1' });
    await plain.close();
  });
});

describe.each(testDialects())('proxies as deployed, on %s', (dialect) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });
  afterEach(async () => {
    await server.close();
  });

  async function signInIps(userId: string): Promise<Array<string | null>> {
    const rows = await server.database.handle.db
      .selectFrom('audit_events')
      .select('ip')
      .where('action', '=', 'auth.sign-in')
      .where('actor_user_id', '=', userId)
      .execute();
    return rows.map((row) => row.ip);
  }

  it('a forged X-Forwarded-For from an untrusted peer changes neither the address, the sign-in limit nor the audit log', async () => {
    server = await startTestServer(dialect, { trustProxy: ['10.0.0.0/8'] }, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    const statuses: number[] = [];
    for (let n = 0; n < 11; n += 1) {
      const answer = await raw(
        server,
        'POST',
        '/api/v1/auth/sign-in',
        { 'x-forwarded-for': `198.51.100.${n + 1}` },
        { email: user.email, password: n < 3 ? 'wrong guess' : TEST_PASSWORD },
      );
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3, 10)).toEqual(Array.from({ length: 7 }, () => 200));
    expect(statuses[10]).toBe(429);
    const ips = await signInIps(user.id);
    expect(ips).toHaveLength(10);
    expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
  });

  it('behind a trusted proxy, the client is the address the proxy added, whatever the client put before it', async () => {
    server = await startTestServer(dialect, { trustProxy: ['127.0.0.1', '::1'] }, database);
    const user = await server.addUser(await server.addOrganization(), 'clinician');
    const statuses: number[] = [];
    for (let n = 0; n < 11; n += 1) {
      // What nginx's $proxy_add_x_forwarded_for sends: the client's header, then the client's address.
      const answer = await raw(
        server,
        'POST',
        '/api/v1/auth/sign-in',
        { 'x-forwarded-for': `198.51.100.${n + 1}, 203.0.113.50` },
        { email: user.email, password: TEST_PASSWORD },
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([...Array.from({ length: 10 }, () => 200), 429]);
    // Another client behind the same proxy has its own limit.
    const other = await raw(
      server,
      'POST',
      '/api/v1/auth/sign-in',
      { 'x-forwarded-for': '203.0.113.51' },
      { email: user.email, password: TEST_PASSWORD },
    );
    expect(other.status).toBe(200);
    const ips = await signInIps(user.id);
    expect(ips.filter((ip) => ip === '203.0.113.50')).toHaveLength(10);
    expect(ips.filter((ip) => ip === '203.0.113.51')).toHaveLength(1);
    expect(ips.some((ip) => ip?.startsWith('198.51.100.'))).toBe(false);
  });

  it('a forged X-Forwarded-For does not get round the share-page limit', async () => {
    server = await startTestServer(dialect, { trustProxy: ['10.0.0.0/8'] }, database);
    const statuses: number[] = [];
    for (let n = 0; n < 61; n += 1) {
      const answer = await raw(server, 'GET', '/share/NOPE-NOPE-NOPE', { 'x-forwarded-for': `198.51.100.${n % 250}` });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 60).every((status) => status !== 429)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('counts per-address limits in the database: another server on it, or a restart, does not reset them', async () => {
    server = await startTestServer(dialect, {}, database);
    for (let n = 0; n < 6; n += 1) {
      await (await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, signInBody('nobody@example.org'))).arrayBuffer();
    }
    // A second process on the same database, started without clearing the counts (as a restart is).
    const second = await buildApp(
      {
        database: server.database.handle,
        ruleset: loadDefaultRuleSet(),
        secret: Buffer.from('second-test-secret-second-test-secret'),
        clock: () => server.now(),
        decoyHash: decoyHash(),
        trustProxy: false,
      },
      { logLevel: 'silent' },
    );
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 5; n += 1) {
        const answer = await second.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress: '127.0.0.1',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ email: 'nobody@example.org', password: 'guess' }),
        });
        statuses.push(answer.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    } finally {
      await second.close();
    }
  });

  describe('behind nginx with proxy_pass (Host: 127.0.0.1:PORT) and STEPDOWN_PUBLIC_URL', () => {
    async function sessionBehindProxy(): Promise<Session> {
      server = await startTestServer(dialect, { trustProxy: ['127.0.0.1'], publicUrl: PUBLIC_URL }, database);
      const user = await server.addUser(await server.addOrganization(), 'clinician');
      return signIn(server, user.email);
    }

    it('lets browser writes through with the public Origin, and refuses the upstream address as an origin', async () => {
      const session = await sessionBehindProxy();
      const upstream = new URL(server.baseUrl).host;
      const headers = (origin: string) => ({
        host: upstream,
        origin,
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        'x-forwarded-for': '203.0.113.8',
        'x-forwarded-proto': 'https',
      });
      const created = await raw(server, 'POST', '/api/v1/clients', headers(PUBLIC_URL), {
        displayName: 'Through Proxy',
      });
      expect(created.status).toBe(201);
      for (const origin of [server.baseUrl, 'https://evil.example', 'http://stepdown.example.org']) {
        const refused = await raw(server, 'POST', '/api/v1/clients', headers(origin), { displayName: 'Refused' });
        expect({ origin, status: refused.status }).toEqual({ origin, status: 403 });
      }
      // A sign-in form post through the proxy too.
      const user = await server.addUser(await server.addOrganization(), 'clinician');
      const signedIn = await raw(
        server,
        'POST',
        '/api/v1/auth/sign-in',
        { host: upstream, origin: PUBLIC_URL },
        { email: user.email, password: TEST_PASSWORD },
      );
      expect(signedIn.status).toBe(200);
      expect(String(signedIn.headers['set-cookie'])).toMatch(/; Secure/i);
    });

    it('builds share links from the public address, never from Host or X-Forwarded-Host', async () => {
      const session = await sessionBehindProxy();
      const { plan } = await finalisedPlan(server, session);
      const shared = await raw(server, 'POST', `/api/v1/plans/${plan.id}/share`, {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      });
      expect(shared.status).toBe(201);
      const body = JSON.parse(shared.body) as { code: string; url: string };
      expect(body.url).toBe(`${PUBLIC_URL}/share/${body.code}`);
    });
  });

  it('checks a CDS token’s audience against the public address, whatever Host the caller sends', async () => {
    server = await startTestServer(
      dialect,
      { trustProxy: ['127.0.0.1'], publicUrl: PUBLIC_URL, cdsClients: ehrClients() },
      database,
    );
    const call = (audience: string) =>
      raw(
        server,
        'POST',
        CDS_SERVICE_PATH,
        { host: 'evil.example', authorization: `Bearer ${ehrToken(audience)}` },
        hookRequest(),
      );
    // Accepted (412: no assessment was prefetched) with the public audience...
    expect((await call(`${PUBLIC_URL}${CDS_SERVICE_PATH}`)).status).toBe(412);
    // ...and refused with the address the Host header names.
    expect((await call(`http://evil.example${CDS_SERVICE_PATH}`)).status).toBe(401);
    expect((await call(`${server.baseUrl}${CDS_SERVICE_PATH}`)).status).toBe(401);
  });

  it('answers a refused origin with a problem document', async () => {
    server = await startTestServer(dialect, { publicUrl: PUBLIC_URL }, database);
    const response = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
      ...signInBody('nobody@example.org'),
      headers: { 'content-type': 'application/json', origin: server.baseUrl },
    });
    await expectProblem(response, 403, 'csrf_failed');
  });
});

function signInBody(email: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'guess' }),
  };
}
