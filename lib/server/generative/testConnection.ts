import "server-only";
import type { ConnectionTestBody } from "@/lib/core/generative/api";
import { requestChatCompletion, type ChatEndpoint } from "./chatClient";

/** What the Settings page's "Test connection" shows: the model's reply, or why it failed. */
export type ConnectionTestResult = ConnectionTestBody;

/**
 * Sends one tiny request (a few tokens, one attempt, no retries) to check the base URL, model and
 * key together. The key is sent only to the endpoint; the message never contains it.
 */
export async function testGenerativeConnection(
  endpoint: ChatEndpoint,
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const result = await requestChatCompletion(endpoint, {
    messages: [{ role: "user", content: "Reply with the single word OK." }],
    maxTokens: 5,
    maxAttempts: 1,
  });
  const latencyMs = Math.round(performance.now() - started);
  if (result.kind === "failed") {
    return {
      ok: false,
      message: `The request failed: ${result.detail}`,
      latencyMs,
      promptTokens: 0,
      completionTokens: 0,
    };
  }
  const { answer } = result;
  const reply =
    answer.outcome === "labelled"
      ? `answered "${answer.value}"`
      : `answered, but ${answer.outcome.replace("_", " ")}: ${answer.detail}`;
  return {
    ok: answer.outcome !== "malformed",
    message: `${endpoint.model} at ${endpoint.baseUrl} ${reply}`,
    latencyMs,
    ...answer.usage,
  };
}
