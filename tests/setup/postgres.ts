/**
 * Global set-up of `npm run test:pg`: the PostgreSQL server the tests use. `DATABASE_URL` names one
 * (its database must be one the tests may create databases beside); without it a throw-away
 * cluster is started from Debian's `postgresql` package and removed afterwards.
 */
import type { TestProject } from "vitest/node";
import { type Cluster, startThrowawayCluster } from "../../scripts/pg-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let cluster: Cluster | undefined;
  const given = process.env.DATABASE_URL;
  if (!given) cluster = await startThrowawayCluster();
  project.provide("postgresUrl", given ?? (cluster as Cluster).url);
  return () => cluster?.stop();
}
