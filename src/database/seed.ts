import 'reflect-metadata';
import { runSeed } from './seed/run-seed';

// Development and bench data: `npm run seed -- --products 1000000 --categories 1000` (see src/database/seed/seed-options.ts).
void runSeed(process.argv.slice(2)).then((code) => process.exit(code));
