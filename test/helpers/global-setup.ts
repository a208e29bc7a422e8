import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from './postgres-cluster.ts';
import { testDialects } from './dialects.ts';

/**
 * Starts one PostgreSQL cluster for the whole run (unless TEST_DATABASE_URL names a server, or
 * TEST_DIALECTS leaves PostgreSQL out). Each test file then makes its own database in it.
 */
let cluster: Cluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.TEST_DATABASE_URL ?? '';
  if (!url && testDialects().includes('postgres')) {
    cluster = await startCluster();
    url = cluster.url;
  }
  project.provide('postgresAdminUrl', url);
}

export async function teardown(): Promise<void> {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
