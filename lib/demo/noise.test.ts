import { describe, expect, it } from "vitest";
import { addOcrNoise, noiseLevels } from "./noise";
import { createRng } from "./prng";

const text = "LAKESIDE HONDA\nSynthetic oil change only $49.95\nBOOK TODAY - Call 555-201-1100";

describe("addOcrNoise", () => {
  it("is deterministic for a seed", () => {
    expect(addOcrNoise(createRng(3), text, noiseLevels.heavy)).toBe(
      addOcrNoise(createRng(3), text, noiseLevels.heavy),
    );
  });

  it("merges line breaks and changes the text, but keeps most of it", () => {
    let changed = 0;
    for (let seed = 0; seed < 50; seed++) {
      const noisy = addOcrNoise(createRng(seed), text, noiseLevels.light);
      expect(noisy).not.toContain("\n");
      expect(noisy.length).toBeGreaterThan(text.length * 0.8);
      if (noisy !== text.replace(/\n/g, " ")) changed++;
    }
    expect(changed).toBeGreaterThan(40);
  });

  it("never returns an empty string", () => {
    expect(addOcrNoise(createRng(1), "a", noiseLevels.heavy)).not.toBe("");
  });
});
