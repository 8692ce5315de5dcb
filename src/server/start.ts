/**
 * Starting the server for real: configuration, database, migrations, demo data, listening, and a
 * clean shutdown on SIGINT/SIGTERM. Prints the address and, on a fresh demo database, the sign-in.
 */
import { resolveCdsOrganizations } from './cds/clients.js';
import type { FastifyInstance } from 'fastify';
import { loadDefaultRuleSet } from '../core/rulesets/index.js';
import { openDatabase, type DatabaseHandle } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { findCredentialsByEmail } from '../storage/users.js';
import { buildApp } from './app.js';
import { decoyHash } from './auth/passwords.js';
import type { Config } from './config.js';
import { describeProxyTrust } from './proxy-trust.js';
import { DEMO_ADMIN, DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from './seed.js';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, print: (line: string) => void): Promise<RunningServer> {
  for (const warning of config.warnings) print(`Warning: ${warning}`);
  const database = openDatabase(config.database, {
    groupCommit: true,
    onWarning: (warning) => print(`Warning: ${warning}`),
  });
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) print(`Database ${database.describe}: applied ${applied.join(', ')}`);
    const ruleset = loadDefaultRuleSet();
    const clock = () => new Date();
    const seeded = config.seedDemo ? await seedDemo(database.db, ruleset, clock()) : false;
    const app = await buildApp(
      {
        database,
        ruleset,
        secret: config.secret,
        clock,
        decoyHash: decoyHash(),
        trustProxy: config.trustProxy,
        publicUrl: config.publicUrl,
        webRoot: config.webRoot,
        cdsClients: await resolveCdsOrganizations(database.db, config.cdsClients),
        smtp: config.smtp,
      },
      { logLevel: config.logLevel },
    );
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    print(`Stepdown is running at ${url}  (database: ${database.describe})`);
    print(
      config.publicUrl
        ? `Public address: ${config.publicUrl.origin}  (${describeProxyTrust(config.trustProxy)})`
        : `Public address: not set (STEPDOWN_PUBLIC_URL); browsers on this machine use ${url}`,
    );
    if (config.seedDemo && (seeded || (await findCredentialsByEmail(database.db, DEMO_CLINICIAN)))) {
      print(`Demo sign-in: ${DEMO_CLINICIAN} / ${DEMO_PASSWORD}  (admin: ${DEMO_ADMIN} / ${DEMO_PASSWORD})`);
      if (seeded) print('Seeded a demo clinic with sample clients into the empty database.');
    }
    print(`API documentation: ${url}/api/docs`);
    return {
      app,
      database,
      url,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
