/**
 * Creates the empty PostgreSQL database the deployment test's server starts on (dropping the
 * previous run's), so the start-up script alone must migrate it and create the admin.
 */
import { recreateDatabase } from "../support/recreateDatabase";
import { deployDatabase } from "./deployDatabase";

recreateDatabase(deployDatabase(), "TEST_DATABASE_URL must name a PostgreSQL server");
