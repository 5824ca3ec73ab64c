import type { DemoAdmin } from './demo-admin';
import type { DemoCatalog } from './demo-catalog';

export interface DemoOutcome {
  database: string;
  catalog: DemoCatalog;
  admin: DemoAdmin;
  /** Where the service will answer: its Swagger UI when that is on. */
  serviceUrl: string;
}

/** What `npm run demo` prints on stdout: for a person, and the only place the generated password ever appears. */
export function demoReport({ database, catalog, admin, serviceUrl }: DemoOutcome): string {
  const contents = `${count(catalog.categories, 'category', 'categories')} and ${count(catalog.products, 'product', 'products')}`;
  const catalogLine = catalog.added ? `${contents} added` : `already has ${contents}: nothing added`;
  const adminLines = admin.created
    ? [`  superadmin  ${admin.email}`, `  password    ${admin.password}   (shown this once: only its hash is stored)`]
    : [`  superadmin  ${admin.email} already exists (role ${admin.role}): nothing changed, and its password is not shown again`];
  return [
    `Demo data in ${database}:`,
    `  catalog     ${catalogLine}`,
    ...adminLines,
    `Next: npm start, open ${serviceUrl}, sign in with POST /api/v1/auth/login and use the accessToken it returns.`,
    '',
  ].join('\n');
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
