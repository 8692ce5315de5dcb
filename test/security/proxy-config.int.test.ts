/**
 * STEPDOWN_TRUST_PROXY and STEPDOWN_PUBLIC_URL as start-up reads them (decision 8): `true` (every
 * hop) is refused with a message saying what to write instead; numbers of hops and lists of
 * addresses and CIDR ranges (IPv4 and IPv6) are read; the public URL must be an http(s) address of
 * the site itself and is required in production. `stepdown serve` stops with exit 2 naming them.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { parseProxyTrust, trustFunction } from '../../src/server/proxy-trust.js';
import { freePort, runStepdown, startServe, tempDataDir } from '../support/cli.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-start-up';

function configIssues(env: Record<string, string>): Array<{ path: string; message: string }> {
  try {
    loadConfig({ STEPDOWN_SECRET: SECRET, STEPDOWN_DATA_DIR: tempDataDir(), ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('STEPDOWN_TRUST_PROXY', () => {
  it('reads false, a number of hops, and lists of addresses and CIDR ranges', () => {
    expect(parseProxyTrust('false')).toEqual({ ok: true, trust: false });
    expect(parseProxyTrust('')).toEqual({ ok: true, trust: false });
    expect(parseProxyTrust('2')).toEqual({ ok: true, trust: 2 });
    expect(parseProxyTrust(' 127.0.0.1, ::1 ,10.0.0.0/8,fd00::/8 ')).toEqual({
      ok: true,
      trust: ['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8'],
    });
    expect(loadConfig({ STEPDOWN_SECRET: SECRET, STEPDOWN_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
    ]);
    expect(loadConfig({ STEPDOWN_SECRET: SECRET }).trustProxy).toBe(false);
  });

  it('refuses true, naming what to use instead', () => {
    const issues = configIssues({ STEPDOWN_TRUST_PROXY: 'true' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('STEPDOWN_TRUST_PROXY');
    expect(issues[0]?.message).toMatch(/every hop/);
    expect(issues[0]?.message).toMatch(/number of proxies in front \(for example 1\)/);
    expect(issues[0]?.message).toMatch(/127\.0\.0\.1,::1 or 10\.0\.0\.0\/8/);
  });

  it('refuses what is not an address, a range or a sensible number of hops', () => {
    for (const value of ['yes', '0', '11', '10.0.0.0/33', 'fd00::/129', '10.0.0.1,,10.0.0.2', 'proxy.local', '1.2.3']) {
      const issues = configIssues({ STEPDOWN_TRUST_PROXY: value });
      expect({ value, paths: issues.map((issue) => issue.path) }).toEqual({ value, paths: ['STEPDOWN_TRUST_PROXY'] });
    }
  });

  it('trusts exactly the listed addresses and ranges', () => {
    const trusted = trustFunction(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);
    if (trusted === false) throw new Error('expected a function');
    expect(['10.255.0.1', '192.0.2.1', '::ffff:10.0.0.9', 'fd12::1'].map((a) => trusted(a, 0))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['11.0.0.1', '192.0.2.2', 'fe80::1', '127.0.0.1', 'garbage'].map((a) => trusted(a, 0))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(trustFunction(false)).toBe(false);
  });
});

describe('STEPDOWN_PUBLIC_URL', () => {
  it('is an http or https address of the site itself', () => {
    expect(
      loadConfig({ STEPDOWN_SECRET: SECRET, STEPDOWN_PUBLIC_URL: 'https://stepdown.example.org/' }).publicUrl?.origin,
    ).toBe('https://stepdown.example.org');
    for (const value of [
      'stepdown.example.org',
      'ftp://stepdown.example.org',
      'https://stepdown.example.org/app',
      'https://stepdown.example.org/?a=1',
      'https://user:pw@stepdown.example.org',
    ]) {
      const issues = configIssues({ STEPDOWN_PUBLIC_URL: value });
      expect({ value, paths: issues.map((issue) => issue.path) }).toEqual({ value, paths: ['STEPDOWN_PUBLIC_URL'] });
    }
  });

  it('is required in production, and optional in development', () => {
    const issues = configIssues({ NODE_ENV: 'production' });
    expect(issues.map((issue) => issue.path)).toEqual(['STEPDOWN_PUBLIC_URL']);
    expect(issues[0]?.message).toMatch(/required when NODE_ENV=production/);
    expect(configIssues({ NODE_ENV: 'production', STEPDOWN_PUBLIC_URL: 'https://stepdown.example.org' })).toEqual([]);
    expect(loadConfig({ STEPDOWN_SECRET: SECRET }).publicUrl).toBeUndefined();
  });

  it('stepdown serve stops with exit 2 and says which to use', async () => {
    const result = await runStepdown(['serve'], {
      env: {
        STEPDOWN_DATA_DIR: tempDataDir(),
        STEPDOWN_TRUST_PROXY: 'true',
        STEPDOWN_PUBLIC_URL: 'stepdown.example.org',
      },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/STEPDOWN_TRUST_PROXY: true would trust every hop/);
    expect(result.stderr).toMatch(/STEPDOWN_PUBLIC_URL: must be a full http or https address/);
    expect(result.stdout).toBe('');
  });

  it('stepdown help serve names both, with the development fallback', async () => {
    const result = await runStepdown(['help', 'serve'], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/STEPDOWN_PUBLIC_URL/);
    expect(result.stdout).toMatch(/Unset in\s+development: the address the server listens on/);
    expect(result.stdout).toMatch(/STEPDOWN_TRUST_PROXY/);
    expect(result.stdout).toMatch(/"true" is refused/);
  });

  it('stepdown serve uses it: a browser write from the public address through a proxy is let in', async () => {
    const server = await startServe({
      STEPDOWN_DATA_DIR: tempDataDir(),
      PORT: String(await freePort()),
      STEPDOWN_PUBLIC_URL: 'https://stepdown.example.org',
      STEPDOWN_TRUST_PROXY: '127.0.0.1',
    });
    try {
      expect(server.stdout()).toContain('Public address: https://stepdown.example.org  (proxies trusted: 127.0.0.1)');
      // As nginx's proxy_pass sends it: Host is the upstream, Origin the public address.
      const signIn = (origin: string) =>
        fetch(`${server.url}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': '203.0.113.9' },
          body: JSON.stringify({ email: 'admin@stepdown.local', password: 'quiet-harbor-morning' }),
        });
      const refused = await signIn(server.url);
      expect(refused.status).toBe(403);
      await refused.arrayBuffer();
      const answer = await signIn('https://stepdown.example.org');
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
      expect(answer.headers.getSetCookie()[0]).toMatch(/; Secure/i);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });
});
