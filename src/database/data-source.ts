import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

/** Entry point for the TypeORM CLI (`npm run migration:generate -- migrations/<Timestamp>-<Name>`); needs DATABASE_URL. */
const config = loadConfig();
if (!config.databaseUrl) throw new Error('DATABASE_URL must be set to use the TypeORM CLI');
export default new DataSource(databaseOptions(config.databaseUrl));
