import { describe, expect, it } from "vitest";
import { createLabelIndex } from "../taxonomy/labelIndex";
import { cleanAnswer, classifyCompletion } from "./answer";
import { retryAfterMs, retryDelayMs } from "./backoff";
import { createCandidateFinder, packLabelVectors } from "./candidates";
import { createLexicalIndex, nearestLabelsByWords } from "./lexicalIndex";
import { mapAnswerToLabel } from "./mapAnswer";
import { buildLabelMessages, candidatePathsOf } from "./prompt";

const labels = [
  { id: 1, path: ["Vehicles"] },
  { id: 2, path: ["Vehicles", "Automotive Services"] },
  { id: 3, path: ["Vehicles", "Automotive Services", "Auto Repair"] },
  { id: 4, path: ["Vehicles", "Automotive Services", "Car Wash"] },
  { id: 5, path: ["Food & Drink"] },
  { id: 6, path: ["Food & Drink", "Snacks"] },
  { id: 7, path: ["Pets", "Dog Food"] },
];

describe("generative labels: prompt, answers, mapping", () => {
  it("lists the candidate paths in the prompt and reads them back", () => {
    const messages = buildLabelMessages("Brake special", ["Vehicles > Auto Repair", "Pets"], " > ");
    expect(messages[0]!.content).toContain('separated by " > "');
    expect(candidatePathsOf(messages[1]!.content)).toEqual(["Vehicles > Auto Repair", "Pets"]);
    expect(messages[1]!.content.endsWith("Creative:\nBrake special")).toBe(true);
  });

  it("cleans list marks, prefixes, quotes and a final period off an answer", () => {
    expect(cleanAnswer('- Label: "Food & Drink > Snacks".\nbecause crisps')).toBe(
      "Food & Drink > Snacks",
    );
    expect(cleanAnswer("\n\n1. Pets > Dog Food")).toBe("Pets > Dog Food");
  });

  it("counts the tokens of an unusable answer too", () => {
    const answer = classifyCompletion({
      choices: [{ message: { content: "" } }],
      usage: { prompt_tokens: 12, completion_tokens: 0 },
    });
    expect(answer).toMatchObject({ outcome: "empty", usage: { promptTokens: 12 } });
    expect(classifyCompletion("nonsense").outcome).toBe("malformed");
  });

  it("maps an answer by exact path, by its last levels, by shared words, or to none", () => {
    const exact = createLabelIndex(labels, " > ");
    const lexical = createLexicalIndex(labels);
    expect(mapAnswerToLabel("vehicles/automotive services/auto  repair", exact, lexical)).toEqual({
      label: labels[2],
      score: 1,
      how: "exact",
    });
    expect(mapAnswerToLabel("Automotive Services > Car Wash", exact, lexical)).toMatchObject({
      label: labels[3],
      how: "suffix",
    });
    expect(mapAnswerToLabel("Auto repairs", exact, lexical)).toMatchObject({
      label: labels[2],
      how: "lexical",
    });
    expect(mapAnswerToLabel("Cosmetics > Lipstick", exact, lexical)).toEqual({
      label: null,
      score: 0,
      how: "none",
    });
  });

  it("finds a text's nearest labels by words, and by vectors when it has them", () => {
    const lexical = createLexicalIndex(labels);
    expect(nearestLabelsByWords(lexical, "Dog food delivered", 2)[0]!.label.id).toBe(7);
    const vectors = new Map(labels.map((l) => [l.id, new Float32Array([l.id === 6 ? 1 : 0, 1])]));
    const finder = createCandidateFinder(labels, packLabelVectors(labels, vectors), lexical);
    // The vector points at Snacks although the words say dogs: the embedding space wins.
    expect(finder.candidatesFor("dog food", new Float32Array([1, 0]), 1)[0]!.id).toBe(6);
    const outline = finder.candidatesFor("dog food", null, 4).map((l) => l.id);
    expect(outline[0]).toBe(7);
    expect(outline).toEqual(expect.arrayContaining([1, 5]));
  });

  it("keeps a prompt to k labels out of 6,000", () => {
    const many = Array.from({ length: 6000 }, (_, i) => ({
      id: i + 1,
      path: [`Area ${i % 20}`, `Group ${i % 300}`, `Product ${i}`],
    }));
    const finder = createCandidateFinder(many, null);
    const found = finder.candidatesFor("Product 4321 in Group 121", null, 30);
    expect(found).toHaveLength(30);
    expect(found[0]!.id).toBe(4322);
  });

  it("waits what Retry-After asks (seconds or a date), else backs off exponentially", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs("soon")).toBeNull();
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(1, null, options, () => 0.5)).toBe(100);
    expect(retryDelayMs(3, null, options, () => 0.5)).toBe(400);
    expect(retryDelayMs(9, null, options, () => 0.5)).toBe(1000);
    expect(retryDelayMs(1, "120", options)).toBe(1000);
  });
});
