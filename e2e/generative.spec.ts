import { expect, test } from "@playwright/test";
import { candidatePathsOf } from "../lib/core/generative/prompt";
import { startChatCompletionsServer } from "../lib/server/testing/chatCompletionsServer";
import { DataPage } from "./support/dataPage";
import { e2eGenerativeApiKey } from "./support/generative";

const demoTaxonomy = "IAB Ad Product 2.0 + brands";
const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );

test("a dataset without generative labels gets them from the configured model, with progress", async ({
  page,
}) => {
  const answers = new Map<string, string>();
  // The model: answers the listed label sharing most words with the creative (the first on a tie).
  const server = await startChatCompletionsServer((request) => {
    if (request.authorization !== `Bearer ${e2eGenerativeApiKey}`)
      return { status: 401, body: JSON.stringify({ error: { message: "bad key" } }) };
    const user = request.body.messages?.at(-1)?.content ?? "";
    const text = user.split("Creative:\n")[1] ?? "";
    if (!user.includes("Creative:\n")) return { content: "OK" };
    const textWords = words(text);
    const paths = candidatePathsOf(user);
    const overlap = (p: string) => [...words(p)].filter((w) => textWords.has(w)).length;
    const best = paths.reduce((a, b) => (overlap(b) > overlap(a) ? b : a), paths[0] ?? "");
    answers.set(text, best);
    return { content: best, usage: [120, 8] };
  });
  try {
    const texts = [
      "Brake repair special at our auto repair shop",
      "Fresh dog food delivered weekly",
      "Luxury hotel rooms in the city centre",
      "Running shoes for marathon training",
      "Organic coffee beans roasted daily",
      "Car wash and wax, open all weekend",
    ];
    const csv = ["id,text", ...texts.map((t, i) => `gen${i},"${t}"`)].join("\n");
    const data = new DataPage(page);
    await data.open();
    const report = await data.importFile(
      { name: "no-generative.csv", content: csv },
      { dataset: "e2e-generative", taxonomy: demoTaxonomy },
    );
    await expect(report).toHaveAttribute("data-status", "done");

    await page.goto("/settings");
    const panel = page.getByTestId("generative-panel");
    await expect(panel.getByTestId("generative-api-key")).toContainText("set on the server");
    await panel.getByTestId("generative-base-url").fill(server.baseUrl);
    await panel.getByTestId("generative-model").fill("loopback-e2e");
    await panel.getByTestId("generative-concurrency").fill("1");
    await panel.getByTestId("generative-requestsPerMinute").fill("300");
    await panel.getByTestId("generative-save").click();
    await expect(panel.getByTestId("generative-settings-message")).toHaveText("Saved.");
    await panel.getByTestId("generative-test").click();
    await expect(panel.getByTestId("generative-test-result")).toHaveAttribute("data-ok", "true");
    await expect(panel.getByTestId("generative-test-result")).toContainText('answered "OK"');

    await panel.getByTestId("generative-dataset").selectOption("e2e-generative");
    await panel.getByTestId("generative-start").click();
    const status = panel.getByTestId("generative-job-status");
    // At 300 requests a minute the six take about a second: the bar shows them coming in.
    await expect(status.getByRole("progressbar")).toBeVisible();
    await expect(status).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(status.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(panel.getByTestId("generative-job-counts")).toContainText("6 labelled");
    await expect(panel.getByTestId("generative-job-counts")).toContainText("720 prompt");
    expect(answers.size).toBe(6);

    await page.goto("/creatives?dataset=e2e-generative");
    for (const text of texts) {
      const row = page.getByTestId("creative-row").filter({ hasText: text });
      await expect(row).toContainText(answers.get(text)!);
    }
    const brake = answers.get(texts[0]!)!;
    expect(brake.toLowerCase()).toContain("repair");
  } finally {
    await server.close();
  }
});
