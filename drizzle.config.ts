import { defineConfig } from "drizzle-kit";

/** Used only by `npm run db:generate` to write a new SQL migration from lib/server/db/schema.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema.ts",
  out: "./lib/server/db/migrations",
});
