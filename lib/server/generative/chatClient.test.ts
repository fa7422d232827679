import { afterEach, describe, expect, it } from "vitest";
import { startChatCompletionsServer, type ChatReply } from "../testing/chatCompletionsServer";
import { requestChatCompletion, type ChatEndpoint } from "./chatClient";

const fastBackoff = { baseDelayMs: 20, maxDelayMs: 2_000 };
const messages = (text: string) => [{ role: "user" as const, content: text }];
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(reply: Parameters<typeof startChatCompletionsServer>[0]) {
  const server = await startChatCompletionsServer(reply);
  close = server.close;
  const endpoint: ChatEndpoint = {
    baseUrl: `${server.baseUrl}/`,
    model: "loopback-model",
    apiKey: "sk-test-secret",
    timeoutMs: 2_000,
  };
  return { server, endpoint };
}

describe("the chat-completions client against a loopback server", () => {
  it("sends the model, messages and bearer key, and reads the answer and its token usage", async () => {
    const { server, endpoint } = await serve(() => ({
      content: '"Vehicles > Auto Repair".',
      usage: [42, 5],
    }));
    const result = await requestChatCompletion(endpoint, {
      messages: messages("hi"),
      maxTokens: 8,
    });
    expect(result).toEqual({
      kind: "answered",
      attempts: 1,
      answer: {
        outcome: "labelled",
        value: "Vehicles > Auto Repair",
        detail: null,
        usage: { promptTokens: 42, completionTokens: 5 },
      },
    });
    expect(server.requests[0]!.authorization).toBe("Bearer sk-test-secret");
    expect(server.requests[0]!.body.model).toBe("loopback-model");
    expect(server.requests[0]!.body.max_tokens).toBe(8);
  });

  it("waits as long as a 429's Retry-After asks, then retries", async () => {
    const { server, endpoint } = await serve((r) =>
      r.attempt === 1
        ? { status: 429, headers: { "retry-after": "1" } }
        : { content: "Food > Snacks" },
    );
    const waits: number[] = [];
    const started = performance.now();
    const result = await requestChatCompletion(endpoint, {
      messages: messages("rate limited"),
      maxTokens: 8,
      backoff: fastBackoff,
      onRetry: (info) => waits.push(info.delayMs),
    });
    expect(result.kind).toBe("answered");
    expect(result.attempts).toBe(2);
    expect(waits).toEqual([1000]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a 500 with backoff and gives up after its attempts, naming the status", async () => {
    const { server, endpoint } = await serve(() => ({
      status: 500,
      body: JSON.stringify({ error: { message: "upstream exploded" } }),
    }));
    const result = await requestChatCompletion(endpoint, {
      messages: messages("always failing"),
      maxTokens: 8,
      maxAttempts: 3,
      backoff: fastBackoff,
    });
    expect(result).toEqual({
      kind: "failed",
      attempts: 3,
      detail: "HTTP 500: upstream exploded (after 3 attempts)",
    });
    expect(server.requests).toHaveLength(3);
  });

  it("recovers when a 503 clears up", async () => {
    const { endpoint } = await serve((r) =>
      r.attempt < 3 ? { status: 503 } : { content: "Travel" },
    );
    const result = await requestChatCompletion(endpoint, {
      messages: messages("flaky"),
      maxTokens: 8,
      backoff: fastBackoff,
    });
    expect(result.kind === "answered" && result.answer.value).toBe("Travel");
    expect(result.attempts).toBe(3);
  });

  it("times out a server that never answers, retries, and fails without hanging", async () => {
    const { server, endpoint } = await serve(() => ({ hang: true }));
    const started = performance.now();
    const result = await requestChatCompletion(
      { ...endpoint, timeoutMs: 300 },
      { messages: messages("silence"), maxTokens: 8, maxAttempts: 2, backoff: fastBackoff },
    );
    expect(result).toEqual({
      kind: "failed",
      attempts: 2,
      detail: "no answer within 0.3 s (after 2 attempts)",
    });
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("does not retry a 401, and never repeats the key in its message", async () => {
    const { server, endpoint } = await serve(() => ({
      status: 401,
      body: JSON.stringify({ error: { message: "Incorrect API key provided" } }),
    }));
    const result = await requestChatCompletion(endpoint, {
      messages: messages("bad key"),
      maxTokens: 8,
    });
    expect(result).toEqual({
      kind: "failed",
      attempts: 1,
      detail: "HTTP 401: Incorrect API key provided",
    });
    expect(JSON.stringify(result)).not.toContain("sk-test-secret");
    expect(server.requests).toHaveLength(1);
  });

  const unusable: [string, ChatReply, string][] = [
    ["truncated JSON", { truncated: true }, "malformed"],
    ["a body that is not a completion", { raw: '{"id":"x","choices":[]}' }, "malformed"],
    ["an empty answer", { content: "   " }, "empty"],
    ["a null answer", { content: null }, "empty"],
    ["a refusal field", { content: null, refusal: "I can't help with that." }, "refused"],
    ["an apology instead of a path", { content: "I'm sorry, but I cannot label this." }, "refused"],
    [
      "an answer cut at the token limit",
      { content: "Vehicles > Auto", finishReason: "length" },
      "too_long",
    ],
    ["an essay", { content: "This creative is about ".repeat(20) }, "too_long"],
  ];
  for (const [what, reply, outcome] of unusable) {
    it(`records ${what} as ${outcome}, without retrying`, async () => {
      const { server, endpoint } = await serve(() => reply);
      const result = await requestChatCompletion(endpoint, {
        messages: messages(what),
        maxTokens: 8,
      });
      expect(result.kind === "answered" && result.answer.outcome).toBe(outcome);
      expect(result.kind === "answered" && result.answer.detail).toBeTruthy();
      expect(server.requests).toHaveLength(1);
    });
  }

  it("stops waiting at once when cancelled", async () => {
    const { endpoint } = await serve(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled by the test")), 100);
    await expect(
      requestChatCompletion(
        { ...endpoint, timeoutMs: 10_000 },
        { messages: messages("cancel me"), maxTokens: 8, signal: controller.signal },
      ),
    ).rejects.toThrow("cancelled by the test");
  });

  it("retries a dropped connection", async () => {
    const { endpoint } = await serve((r) =>
      r.attempt === 1 ? { drop: true } : { content: "Pets > Dog Food" },
    );
    const result = await requestChatCompletion(endpoint, {
      messages: messages("dropped"),
      maxTokens: 8,
      backoff: fastBackoff,
    });
    expect(result.attempts).toBe(2);
    expect(result.kind === "answered" && result.answer.value).toBe("Pets > Dog Food");
  });
});
