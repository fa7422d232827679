/**
 * `npm run demo` runs this before starting the app: it creates the embedded database (or uses
 * DATABASE_URL) and loads the demo dataset the first time; later runs leave existing data alone.
 */
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { seedDemo } from "@/lib/server/demo/seedDemo";

async function main(): Promise<void> {
  const handle = await openConfiguredDatabase();
  try {
    const seeded = await seedDemo(handle.db, (line) => console.log(`  ${line}`));
    console.log(
      seeded
        ? `Demo data loaded into the ${handle.description}.`
        : `Demo data already present in the ${handle.description}.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
