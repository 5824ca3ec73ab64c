import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseConfigFrom } from '../config/database.config';
import { readEnvironment } from '../config/environment';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The TypeORM CLI's data source (`npm run migration:*`). The app builds its own from the same options
 * (see DatabaseModule). Without DATABASE_URL it targets the embedded development database, which `npm start`
 * must be running.
 */
export default new DataSource({
  ...buildDataSourceOptions(databaseConfigFrom(readEnvironment())),
  entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
});
