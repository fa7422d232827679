/**
 * Creates the fresh PostgreSQL database the database-outage browser test's server uses (on the
 * server TEST_DATABASE_URL names), dropping the previous run's. Run by playwright.config.ts.
 */
import { recreateDatabase } from "../support/recreateDatabase";
import { outageDatabase } from "./outageDatabase";

recreateDatabase(
  outageDatabase(),
  "TEST_DATABASE_URL and CT_TEST_PG_DIR must name a PostgreSQL server",
);
