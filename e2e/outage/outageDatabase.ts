import { execFileSync } from "node:child_process";

/**
 * The PostgreSQL server the database-outage test takes away and brings back: the one CI starts
 * with `.ci/postgres.sh` (TEST_DATABASE_URL, CT_TEST_PG_DIR). Without it the outage project is
 * not part of the run (the embedded database cannot be taken away from a running server).
 */
export function outageDatabase() {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const clusterDir = process.env.CT_TEST_PG_DIR;
  if (!serverUrl || !clusterDir) return null;
  const name = "ct_e2e_outage";
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { serverUrl, clusterDir, name, url: url.toString(), port: new URL(serverUrl).port };
}

/** Stops (`pause`) or restarts (`resume`) the PostgreSQL server, keeping its data. */
export function setPostgres(state: "pause" | "resume"): void {
  const target = outageDatabase();
  if (!target) throw new Error("no PostgreSQL server to take away");
  execFileSync("bash", [".ci/postgres.sh", state, target.clusterDir], {
    env: { ...process.env, CT_TEST_PG_PORT: target.port },
    stdio: "inherit",
  });
}
