/**
 * The prompt that asks a chat model for a creative's label. Its version is part of every cached
 * answer's key and of the stored suggestion's agent, so changing the wording below means bumping
 * `labelPromptVersion`: answers to the old prompt are then neither reused nor mistaken for new ones.
 */
export const labelPromptVersion = "label-path-v1";

/** Creative texts longer than this are cut (ad copy rarely is; OCR of a busy image can be). */
export const maxPromptTextChars = 2_000;

/** How many taxonomy labels the prompt lists: enough to choose from, small at 6,000 labels. */
export const promptCandidateCount = 30;

/** One message of the chat-completions wire format. */
export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

/**
 * The messages for one creative: the candidate label paths (the nearest part of the taxonomy),
 * then the creative's text, asking for exactly one path and nothing else.
 */
export function buildLabelMessages(
  text: string,
  candidatePaths: readonly string[],
  separator: string,
): ChatMessage[] {
  const cut = text.length > maxPromptTextChars ? `${text.slice(0, maxPromptTextChars)}…` : text;
  return [
    {
      role: "system",
      content:
        "You label advertising creatives against a product taxonomy. Answer with exactly one " +
        `label path, its levels separated by "${separator}". Prefer a path from the list; if ` +
        "none fits, write the path a new label would have. Answer with the path only.",
    },
    {
      role: "user",
      content: `Labels:\n${candidatePaths.map((p) => `- ${p}`).join("\n")}\n\nCreative:\n${cut}`,
    },
  ];
}

/** The label paths listed in a prompt made by `buildLabelMessages` (for test servers and audits). */
export function candidatePathsOf(userContent: string): string[] {
  const list = userContent.split("\n\nCreative:\n")[0] ?? "";
  return list
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
}
