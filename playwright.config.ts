import { defineConfig } from "@playwright/test";
import { outageDatabase } from "./e2e/outage/outageDatabase";
import { deployDatabase } from "./e2e/deploy/deployDatabase";
import { chromiumArgs, chromiumExecutablePath } from "./lib/cli/chromium";
import { adminStatePath, e2eAdmin } from "./e2e/support/accounts";
import { e2eGenerativeApiKey } from "./e2e/support/generative";

/**
 * End-to-end tests drive the real app (production build, embedded database seeded with the demo
 * data) in Debian's Chromium; Playwright's own browser download is not used. The server gets a
 * fresh data folder each run.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
/**
 * With a PostgreSQL server (CI always has one), a second server runs the app on it for the
 * database-outage test, which stops and restarts that PostgreSQL.
 */
const outage = outageDatabase();
const outagePort = port + 1;
/** With a PostgreSQL server, the start-up script (`npm run serve`) runs on an empty database. */
const deploy = deployDatabase();
const deployPort = port + 2;
/**
 * Both servers create their admin from the environment, as an automated setup would, and allow
 * more sign-ins a minute than the default, because the suite signs in many test users.
 */
const accountEnv = {
  CREATIVE_TRIAGE_ADMIN_PASSWORD: e2eAdmin.password,
  CREATIVE_TRIAGE_SIGN_IN_PER_MINUTE: "500",
  CREATIVE_TRIAGE_GENERATIVE_API_KEY: e2eGenerativeApiKey,
};

export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  projects: [
    {
      name: "setup-embedded",
      testMatch: "auth.setup.ts",
      use: { baseURL: `http://127.0.0.1:${port}` },
    },
    {
      name: "embedded",
      testIgnore: ["outage/**", "deploy/**"],
      dependencies: ["setup-embedded"],
      use: { baseURL: `http://127.0.0.1:${port}`, storageState: adminStatePath("embedded") },
    },
    ...(outage
      ? [
          {
            name: "setup-postgres-outage",
            testMatch: "auth.setup.ts",
            use: { baseURL: `http://127.0.0.1:${outagePort}` },
          },
          {
            name: "postgres-outage",
            testMatch: "outage/**/*.spec.ts",
            dependencies: ["setup-postgres-outage"],
            use: {
              baseURL: `http://127.0.0.1:${outagePort}`,
              storageState: adminStatePath("postgres-outage"),
            },
          },
        ]
      : []),
    ...(deploy
      ? [
          {
            name: "postgres-deploy",
            testMatch: "deploy/**/*.spec.ts",
            use: { baseURL: `http://127.0.0.1:${deployPort}` },
          },
        ]
      : []),
  ],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutablePath,
      args: chromiumArgs,
    },
  },
  webServer: [
    {
      command: `rm -rf ${dataDir} && npm run -s demo:seed && npx next start -p ${port} -H 127.0.0.1`,
      url: `http://127.0.0.1:${port}/data`,
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: { CREATIVE_TRIAGE_DATA_DIR: dataDir, DATABASE_URL: "", ...accountEnv },
    },
    ...(outage
      ? [
          {
            command: `npx tsx e2e/outage/createDatabase.ts && npm run -s demo:seed && npx next start -p ${outagePort} -H 127.0.0.1`,
            url: `http://127.0.0.1:${outagePort}/data`,
            timeout: 420_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            env: {
              DATABASE_URL: outage.url,
              CREATIVE_TRIAGE_DATA_DIR: `${dataDir}-outage`,
              ...accountEnv,
            },
          },
        ]
      : []),
    ...(deploy
      ? [
          {
            command: `npx tsx e2e/deploy/createDatabase.ts && npm run -s serve`,
            url: `http://127.0.0.1:${deployPort}/api/health/ready`,
            timeout: 420_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            env: {
              DATABASE_URL: deploy.url,
              PORT: String(deployPort),
              HOSTNAME: "127.0.0.1",
              CREATIVE_TRIAGE_DATA_DIR: `${dataDir}-deploy`,
              CREATIVE_TRIAGE_ADMIN_PASSWORD: e2eAdmin.password,
            },
          },
        ]
      : []),
  ],
});
