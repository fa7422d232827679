import "server-only";

/** The provider kind every job and suggestion names: the OpenAI chat-completions wire format. */
export const openAiCompatibleProvider = "openai-compatible";
