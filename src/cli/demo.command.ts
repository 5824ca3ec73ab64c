import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { appConfigFrom } from '../config/app.config';
import { catalogConfigFrom } from '../config/catalog.config';
import { databaseConfigFrom } from '../config/database.config';
import { type Environment, readEnvironment } from '../config/environment';
import { httpConfigFrom } from '../config/http.config';
import { ensureDemoAdmin } from '../demo/demo-admin';
import { DEMO_CATALOG_SIZE, ensureDemoCatalog } from '../demo/demo-catalog';
import { openDemoDatabase } from '../demo/demo-database';
import { demoReport } from '../demo/demo-report';
import { CliError } from './cli-error';
import { assertCliConfiguration, withCliContext } from './cli-context';
import { SuperadminProvisioner } from './superadmin-provisioner';

export const DEMO_USAGE = `Usage: demo   (npm run demo)

Prepares a development service to try out: migrates the database, fills an empty catalog with generated,
realistic data (${DEMO_CATALOG_SIZE.categories} categories in a three-level tree, ${DEMO_CATALOG_SIZE.products} products) and creates the superadmin
demo-admin@example.com with a generated password, printed once on stdout (only its hash is stored).

The database is the service's: DATABASE_URL, or else the embedded development database, which is started for
the demo (and stopped after it) unless \`npm start\` is running it. Idempotent: a catalog that has any rows is
left as it is, and an existing demo-admin@example.com is reported without a password. To start over, stop the
service and delete the embedded database's folder (.data/postgres). Refused with NODE_ENV=production.
Progress goes to stderr. Exit 0 after printing the credentials; exit 1 on any error.
`;

export function parseDemoArgs(args: string[]): void {
  try {
    parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError(`${(error as Error).message} (demo takes no arguments)`);
  }
}

export async function demo(args: string[]): Promise<string> {
  parseDemoArgs(args);
  assertCliConfiguration();
  const env = readEnvironment();
  const app = appConfigFrom(env);
  if (app.isProduction) throw new CliError('NODE_ENV is production: demo data and a generated superadmin are for development only');
  const database = await openDemoDatabase(databaseConfigFrom(env), progress);
  try {
    return await withCliContext(async (context) => {
      const catalog = await ensureDemoCatalog(context.get(DataSource), catalogConfigFrom(env).defaultCurrency, progress);
      const admin = await ensureDemoAdmin(context.get(SuperadminProvisioner));
      return demoReport({ database: database.description, catalog, admin, serviceUrl: serviceUrl(env) });
    });
  } finally {
    await database.release();
  }
}

function serviceUrl(env: Environment): string {
  const http = httpConfigFrom(env);
  const base = `${http.tls ? 'https' : 'http'}://${http.host}:${http.port}`;
  return appConfigFrom(env).swaggerEnabled ? `${base}/docs` : base;
}

function progress(message: string): void {
  process.stderr.write(`demo: ${message}\n`);
}
