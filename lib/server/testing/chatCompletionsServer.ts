import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat-completions request as the test server received it. */
export interface ReceivedChatRequest {
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    max_tokens?: number;
  };
  /** 1 for the first request with this user message, 2 for its first retry, ... */
  attempt: number;
}

/** What the server does with one request: answer, fail, never answer, or cut its answer off. */
export type ChatReply =
  | { content: string | null; refusal?: string; finishReason?: string; usage?: [number, number] }
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true }
  | { drop: true }
  | { truncated: true }
  | { raw: string };

/**
 * A real HTTP server on loopback that speaks the chat-completions wire format (POST
 * /chat/completions, or under a prefix such as /v1), started on port 0 by tests. `reply` decides
 * each answer, so tests can script every failure mode a provider has.
 */
export async function startChatCompletionsServer(
  reply: (request: ReceivedChatRequest) => ChatReply | Promise<ChatReply>,
) {
  const requests: ReceivedChatRequest[] = [];
  const attempts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}` } }));
          return;
        }
        let body: ReceivedChatRequest["body"] = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedChatRequest["body"];
        } catch {
          res.writeHead(400).end();
          return;
        }
        const key = body.messages?.at(-1)?.content ?? "";
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const request = { authorization: req.headers.authorization, body, attempt };
        requests.push(request);
        const r = await reply(request);
        if ("hang" in r) {
          hanging.add(res);
          return;
        }
        if ("drop" in r) {
          req.socket.destroy();
          return;
        }
        if ("status" in r) {
          res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
          res.end(r.body ?? JSON.stringify({ error: { message: `status ${r.status}` } }));
          return;
        }
        if ("raw" in r) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(r.raw);
          return;
        }
        const full = JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: "truncated" in r ? "x" : r.content,
                refusal: "truncated" in r ? null : (r.refusal ?? null),
              },
              finish_reason: "truncated" in r ? "stop" : (r.finishReason ?? "stop"),
            },
          ],
          usage: {
            prompt_tokens: "truncated" in r ? 10 : (r.usage?.[0] ?? 10),
            completion_tokens: "truncated" in r ? 1 : (r.usage?.[1] ?? 3),
          },
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("truncated" in r ? full.slice(0, Math.floor(full.length / 2)) : full);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
