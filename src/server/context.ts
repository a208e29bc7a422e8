import type { Config } from './config.ts';
import type { Crypto } from './db/crypto.ts';
import type { Db } from './db/connect.ts';

/** What every route can reach: the database, field encryption, settings. */
export interface AppContext {
  db: Db;
  crypto: Crypto;
  config: Config;
  version: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
