import "server-only";
import {
  defaultBackoff,
  isRetryableStatus,
  retryDelayMs,
  type BackoffOptions,
} from "@/lib/core/generative/backoff";
import { classifyCompletion, type ClassifiedAnswer } from "@/lib/core/generative/answer";
import type { ChatMessage } from "@/lib/core/generative/prompt";

/** Where and how to reach an OpenAI-compatible chat-completions endpoint. */
export interface ChatEndpoint {
  /** Up to and without `/chat/completions`, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token; never logged, never part of an error message. */
  apiKey?: string;
  timeoutMs: number;
}

export interface ChatRequestOptions {
  messages: ChatMessage[];
  maxTokens: number;
  signal?: AbortSignal;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Told before each wait, so a job can show that it is being rate limited. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** The model answered (usable or not), or the request failed for good after its retries. */
export type ChatResult =
  | { kind: "answered"; answer: ClassifiedAnswer; attempts: number }
  | { kind: "failed"; detail: string; attempts: number };

export const defaultMaxAttempts = 4;

/** The completions URL of a base URL, however its end is written. */
export function completionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The provider's own error message from an error body, shortened; never the request. */
function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string };
    const message = typeof body.error === "string" ? body.error : body.error?.message;
    if (typeof message === "string") return message.slice(0, 200);
  } catch {
    // Not JSON: the start of the text is the message.
  }
  return text.slice(0, 200).trim();
}

/** One try: an answer, a status to retry or give up on, or a transport failure. */
async function attemptOnce(
  endpoint: ChatEndpoint,
  options: ChatRequestOptions,
): Promise<
  | { kind: "answered"; answer: ClassifiedAnswer }
  | { kind: "status"; status: number; retryAfter: string | null; message: string }
  | { kind: "transport"; message: string }
> {
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(completionsUrl(endpoint.baseUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: endpoint.model,
        messages: options.messages,
        max_tokens: options.maxTokens,
        temperature: 0,
      }),
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      return {
        kind: "status",
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        message: providerMessage(text),
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        kind: "answered",
        answer: {
          outcome: "malformed",
          value: null,
          detail: `The answer is not valid JSON (${text.length} bytes, cut off or not JSON)`,
          usage: { promptTokens: 0, completionTokens: 0 },
        },
      };
    }
    return { kind: "answered", answer: classifyCompletion(body) };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted)
      return { kind: "transport", message: `no answer within ${endpoint.timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      kind: "transport",
      message: cause?.code ?? cause?.message ?? (error as Error).message ?? "connection failed",
    };
  }
}

/**
 * Sends one chat-completions request, retrying a 429, a 5xx, a timeout or a dropped connection
 * with backoff (honouring `Retry-After`); a 4xx other than 429/408 fails at once (a wrong key or
 * model will not get better). Cancelling `signal` rejects with its reason.
 */
export async function requestChatCompletion(
  endpoint: ChatEndpoint,
  options: ChatRequestOptions,
): Promise<ChatResult> {
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  let last = "";
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(endpoint, options);
    if (result.kind === "answered") return { ...result, attempts: attempt };
    let retryAfter: string | null = null;
    if (result.kind === "status") {
      last = `HTTP ${result.status}${result.message ? `: ${result.message}` : ""}`;
      if (!isRetryableStatus(result.status))
        return { kind: "failed", detail: last, attempts: attempt };
      retryAfter = result.retryAfter;
    } else {
      last = result.message;
    }
    if (attempt >= maxAttempts)
      return { kind: "failed", detail: `${last} (after ${attempt} attempts)`, attempts: attempt };
    const delayMs = retryDelayMs(attempt, retryAfter, options.backoff ?? defaultBackoff);
    options.onRetry?.({ attempt, delayMs, reason: last });
    await sleep(delayMs, options.signal);
  }
}
