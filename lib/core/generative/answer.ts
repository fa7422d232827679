import { z } from "zod";

/** What came of asking for one creative's label; stored per creative and in the answer cache. */
export type GenerativeOutcome = "labelled" | "empty" | "refused" | "malformed" | "too_long";

/** Longer answers are not a label path (the model explained instead of answering). */
export const maxAnswerChars = 200;

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A chat-completions answer read: the outcome, the cleaned label text when there is one. */
export interface ClassifiedAnswer {
  outcome: GenerativeOutcome;
  /** The label as the model wrote it, cleaned of quotes and list marks (only when labelled). */
  value: string | null;
  /** Why there is no label, for people reading the job's outcomes. */
  detail: string | null;
  usage: TokenUsage;
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1, "has no choices"),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative().optional(),
      completion_tokens: z.number().int().nonnegative().optional(),
    })
    .nullish(),
});

const refusalPattern =
  /^(i'?m sorry|i am sorry|sorry\b|i can(?:no|')t|i cannot|i am unable|i'?m unable|as an ai\b|i won'?t)/i;

/** Token counts from a body, even one whose answer is unusable: they were paid for. */
function usageOf(body: unknown): TokenUsage {
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } })
    ?.usage;
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);
  return {
    promptTokens: count(usage?.prompt_tokens),
    completionTokens: count(usage?.completion_tokens),
  };
}

/** The label in an answer: first non-empty line, without quotes, list marks or a `Label:` prefix. */
export function cleanAnswer(content: string): string {
  const line =
    content
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? "";
  return line
    .replace(/^(?:[-*•]\s+|\d+[.)]\s+)/, "")
    .replace(/^(?:label(?: path)?|answer)\s*:\s*/i, "")
    .replace(/^["'`“‘*]+|["'`”’*.]+$/g, "")
    .trim();
}

/**
 * Reads a chat-completions response body (already parsed JSON) into an outcome. A body that is not
 * the wire format is `malformed`; a refusal (the `refusal` field, or an apology instead of a path)
 * is `refused`; a cut-off (`finish_reason: length`) or over-long answer is `too_long`.
 */
export function classifyCompletion(body: unknown): ClassifiedAnswer {
  const usage = usageOf(body);
  const parsed = completionSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")} ` : "";
    return {
      outcome: "malformed",
      value: null,
      detail: `The answer is not a chat completion: ${where}${issue?.message ?? "invalid"}`,
      usage,
    };
  }
  const choice = parsed.data.choices[0]!;
  const refusal = choice.message.refusal?.trim();
  if (refusal) return { outcome: "refused", value: null, detail: refusal.slice(0, 300), usage };
  const content = choice.message.content?.trim() ?? "";
  if (content.length === 0)
    return { outcome: "empty", value: null, detail: "The model answered nothing", usage };
  if (choice.finish_reason === "length" || content.length > maxAnswerChars) {
    return {
      outcome: "too_long",
      value: null,
      detail: `The answer was ${choice.finish_reason === "length" ? "cut off at the token limit" : `${content.length} characters, over ${maxAnswerChars}`}`,
      usage,
    };
  }
  const value = cleanAnswer(content);
  if (refusalPattern.test(value))
    return { outcome: "refused", value: null, detail: value.slice(0, 300), usage };
  if (value.length === 0)
    return { outcome: "empty", value: null, detail: "The answer held no label", usage };
  return { outcome: "labelled", value, detail: null, usage };
}
