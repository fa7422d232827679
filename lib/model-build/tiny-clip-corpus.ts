import { readDemoTrainingData } from "./demo-data";

/**
 * The text the fixture's tokenizer is built from: the demo taxonomy's label segments, so label
 * strings tokenize into whole words and any other text into seen characters (never [UNK]).
 */
export function tinyClipCorpus(repoRoot: string): string[] {
  const { taxonomyLabelPaths } = readDemoTrainingData(repoRoot);
  return [...new Set(taxonomyLabelPaths.flat())].sort();
}
