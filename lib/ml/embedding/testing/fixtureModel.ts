import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPrng } from "@/lib/core/encoder/prng";
import {
  modelConfigJson,
  tokenizerConfigJson,
  tokenizerJson,
} from "@/lib/core/encoder/tokenizer-files";
import { buildWordPieceVocab } from "@/lib/core/encoder/wordpiece";
import { staticEmbeddingOnnx } from "@/lib/core/onnx/static-embedding-graph";

/**
 * A tiny static-embedding model folder in the transformers.js layout, written from lib/core's own
 * file writers with a seeded random table: lets Node tests exercise the real loading path
 * without depending on the bundled model being built.
 */
export function writeFixtureModel(
  dir: string,
  corpus: readonly string[],
  dim = 16,
): { vocab: string[]; table: Float32Array; dim: number } {
  const vocab = buildWordPieceVocab(corpus, { minWordCount: 1, minPieceCount: 1 });
  const random = createPrng(7);
  const table = new Float32Array(vocab.length * dim);
  for (let i = 0; i < table.length; i++) table[i] = random.next() * 2 - 1;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  mkdirSync(join(dir, "onnx"), { recursive: true });
  writeFileSync(
    join(dir, "config.json"),
    json(modelConfigJson({ dim, vocabSize: vocab.length, labelTemplate: "leafFirst" })),
  );
  writeFileSync(join(dir, "tokenizer.json"), json(tokenizerJson(vocab)));
  writeFileSync(join(dir, "tokenizer_config.json"), json(tokenizerConfigJson()));
  for (const quantized of [false, true]) {
    writeFileSync(
      join(dir, "onnx", quantized ? "model_quantized.onnx" : "model.onnx"),
      staticEmbeddingOnnx({
        table,
        vocabSize: vocab.length,
        dim,
        quantized,
        producerVersion: "fixture",
      }),
    );
  }
  return { vocab, table, dim };
}
