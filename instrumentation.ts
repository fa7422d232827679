/**
 * Runs once when a server starts: opens the database (applying migrations) and creates the first
 * admin on an empty one, so the quick start prints the admin password before anyone asks for it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureFirstAdmin } = await import("./lib/server/auth/firstAdmin");
  try {
    await ensureFirstAdmin();
  } catch (error) {
    // The database may be down at start; the first signed-out request will show why.
    console.error("Could not prepare the first admin account:", error);
  }
}
