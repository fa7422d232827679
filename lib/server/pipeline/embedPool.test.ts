import path from "node:path";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { defaultModel } from "@/lib/core/models/registry";
import { startEmbedPool } from "./embedPool";

const modelsDir = path.join(process.cwd(), "public/models");
const batches = Array.from({ length: 8 }, (_, b) =>
  Array.from({ length: 32 }, (_, i) => `oil change ${b * 32 + i} and cheap flights ${i % 7}`),
);

describe("the embedding pool", () => {
  it("moves a stopped worker's batches to a live one, and fails clearly once none is left", async () => {
    const steady = await startEmbedPool(defaultModel(), modelsDir, 2);
    const expected = await Promise.all(batches.map((texts) => steady.embed(texts)));
    await steady.dispose();

    let workers: readonly Worker[] = [];
    const pool = await startEmbedPool(defaultModel(), modelsDir, 2, {
      onWorkers: (started) => (workers = started),
    });
    try {
      const answers = batches.map((texts) => pool.embed(texts));
      // The first worker stops with half the batches on it.
      await workers[0]!.terminate();
      expect(await Promise.all(answers)).toEqual(expected);
      // Later batches go to the live worker.
      expect(await pool.embed(batches[0]!)).toEqual(expected[0]);
      await workers[1]!.terminate();
      await expect(pool.embed(batches[1]!)).rejects.toThrow(
        /Every embedding worker stopped \(worker 1: exited with code 1; worker 2: exited with code 1\)/,
      );
    } finally {
      await pool.dispose();
    }
  }, 120_000);
});
