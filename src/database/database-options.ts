import './pg-types';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

/** One definition of the connection, shared by the app, the TypeORM CLI and the tests. */
export function databaseOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    poolSize,
    extra: { application_name: 'account-health', max: poolSize },
    logging: false,
  };
}
