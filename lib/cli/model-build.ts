/**
 * `npm run model:build`: trains the bundled text encoder on the demo data's train split and
 * writes it to public/models/creative-triage-static-v1 in the transformers.js layout. The build is
 * deterministic (same data, same bytes) and fails if the eval-split quality floor is not met.
 */
import { join } from "node:path";
import { embedTexts } from "@/lib/core/encoder/embed";
import { labelPathToText, labelTemplateName } from "@/lib/core/encoder/label-text";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { buildStaticEncoder } from "@/lib/model-build/build";
import { readDemoTrainingData } from "@/lib/model-build/demo-data";
import { scoreEncoder } from "@/lib/model-build/evaluate";
import { modelCard } from "@/lib/model-build/model-card";
import {
  bundledModelId,
  publicModelsDir,
  staticEncoderFiles,
  writeModelFolder,
} from "@/lib/model-build/model-folder";
import { embedWithTransformersJs, maxAbsDifference } from "@/lib/model-build/verify";

/** The build fails below this true-vs-random-label rate on the eval split. */
const minTrueVsRandomRate = 0.9;
const seed = 1;

async function main(): Promise<void> {
  const started = performance.now();
  const repoRoot = process.cwd();
  const data = readDemoTrainingData(repoRoot);
  console.log(
    `demo data: ${data.train.length} train, ${data.eval.length} eval creatives, ${data.taxonomyLabelPaths.length} labels`,
  );
  const built = buildStaticEncoder({
    texts: data.train.map((c) => c.text),
    labelPaths: data.train.map((c) => c.labelPath),
    taxonomyLabelPaths: data.taxonomyLabelPaths,
    seed,
    log: (line) => console.log(line),
  });
  const scores = scoreEncoder(
    built,
    data.eval.map((c) => c.text),
    data.eval.map((c) => c.labelPath),
  );
  console.log(
    `eval split: nearest-label top-1 ${scores.nearestLabelTop1.toFixed(4)}, ` +
      `true-vs-random-label ${scores.trueVsRandomLabelRate.toFixed(4)} (${scores.count} creatives)`,
  );
  if (scores.trueVsRandomLabelRate < minTrueVsRandomRate) {
    throw new Error(
      `true-vs-random-label rate below ${minTrueVsRandomRate}: not writing the model`,
    );
  }
  const example = data.taxonomyLabelPaths.find((p) => p.length === 3) ?? ["Vehicles"];
  const readme = modelCard({
    built,
    trainCount: data.train.length,
    evalScores: scores,
    labelTemplate: labelTemplateName,
    labelExample: labelPathToText(example),
  });
  const dir = join(repoRoot, publicModelsDir, bundledModelId);
  const bytes = writeModelFolder(dir, staticEncoderFiles(built, readme));
  const seconds = (performance.now() - started) / 1000;
  console.log(`wrote ${dir}: ${(bytes / 1e6).toFixed(2)} MB in ${seconds.toFixed(1)} s`);

  // Self-check: the written folder, loaded as the app loads it, embeds like the TS forward pass.
  const probe = data.eval.slice(0, 32).map((c) => c.text);
  const expected = embedTexts(new WordPieceTokenizer(built.vocab), built.model, probe);
  const modelsDir = join(repoRoot, publicModelsDir);
  const fp32 = await embedWithTransformersJs(modelsDir, bundledModelId, "fp32", probe);
  const q8 = await embedWithTransformersJs(modelsDir, bundledModelId, "q8", probe);
  const fp32Diff = maxAbsDifference(fp32.data, expected);
  console.log(
    `transformers.js check: fp32 max |diff| ${fp32Diff.toExponential(1)}, ` +
      `q8 max |diff| ${maxAbsDifference(q8.data, expected).toExponential(1)}`,
  );
  if (fp32Diff > 1e-5)
    throw new Error("the exported fp32 model does not match the TS forward pass");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
