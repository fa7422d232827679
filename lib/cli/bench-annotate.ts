/**
 * `npm run bench:annotate`: serves the built app on a fresh embedded database with the demo,
 * drives the Queue page in Debian's Chromium through 200 keyboard decisions, and prints
 * `decisions=... p50_ms=... p95_ms=...` as its last line: the time from the key press to the next
 * creative painted on screen (measured in the page: keydown to the first frame after it changed).
 * Builds the app first when no build exists.
 */
import { chromium } from "@playwright/test";
import { parseCommandLine } from "./args";
import { signInForBench } from "./benchAccount";
import { ensureBuild, startBenchServer, type BenchServer } from "./benchServer";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";
import { percentile } from "./percentile";

const port = 3411;

async function main(): Promise<void> {
  const { values } = parseCommandLine("Usage: npm run bench:annotate -- [--decisions N]", {
    decisions: { type: "string" },
  });
  const decisions = Number(values.decisions ?? 200);
  ensureBuild();
  let server: BenchServer | undefined;
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
  });
  try {
    server = await startBenchServer({ port, name: "bench-annotate", seedDemo: true });
    const page = await browser.newPage();
    await signInForBench(page, server.baseUrl);
    await page.goto(`${server.baseUrl}/queue`);
    await page.getByTestId("queue-item").waitFor();
    await page.evaluate(() => {
      const w = window as unknown as {
        latencies: number[];
        pressedAt: number | null;
        lastId: string | null;
      };
      w.latencies = [];
      w.pressedAt = null;
      w.lastId =
        document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") ??
        null;
      window.addEventListener("keydown", () => (w.pressedAt = performance.now()), {
        capture: true,
      });
      new MutationObserver(() => {
        const id =
          document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") ??
          null;
        if (id === w.lastId || w.pressedAt === null) return;
        w.lastId = id;
        const pressedAt = w.pressedAt;
        w.pressedAt = null;
        requestAnimationFrame(() => w.latencies.push(performance.now() - pressedAt));
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-creative-id"],
      });
    });
    for (let i = 0; i < decisions; i++) {
      const before = await page.getByTestId("queue-item").getAttribute("data-creative-id");
      const canAccept = await page.getByTestId("command-accept").isEnabled();
      await page.keyboard.press(canAccept ? "a" : "1");
      await page.waitForFunction(
        (id) =>
          document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") !==
          id,
        before,
      );
    }
    await page.waitForFunction(
      (n) => (window as unknown as { latencies: number[] }).latencies.length >= n,
      decisions,
    );
    const latencies = (
      await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)
    ).sort((a, b) => a - b);
    await page.waitForFunction(
      () => !document.querySelector("[data-testid=pending-decisions]"),
      undefined,
      { timeout: 60_000 },
    );
    console.log(`all ${decisions} decisions stored; slowest ${latencies.at(-1)?.toFixed(1)} ms`);
    console.log(
      `decisions=${latencies.length} p50_ms=${percentile(latencies, 50).toFixed(1)} p95_ms=${percentile(latencies, 95).toFixed(1)}`,
    );
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
