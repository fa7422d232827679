/**
 * `npm run fixture:clip`: writes the tiny CLIP-shaped TEST FIXTURE (random, seeded weights) to
 * e2e/fixtures/models/tiny-clip-fixture. Deterministic: running it again changes no byte. It is
 * never offered as a model; the end-to-end tests serve it to the browser themselves.
 */
import { join } from "node:path";
import { writeModelFolder } from "@/lib/model-build/model-folder";
import { tinyClipCorpus } from "@/lib/model-build/tiny-clip-corpus";
import {
  tinyClipFixture,
  tinyClipFixtureId,
  tinyClipFixtureParentDir,
} from "@/lib/model-build/tiny-clip-fixture";

const repoRoot = process.cwd();
const { files, weights } = tinyClipFixture(tinyClipCorpus(repoRoot));
const dir = join(repoRoot, tinyClipFixtureParentDir, tinyClipFixtureId);
const bytes = writeModelFolder(dir, files);
console.log(
  `fixture=${tinyClipFixtureId} files=${files.size} bytes=${bytes} vocab=${weights.vocab.length} dir=${dir}`,
);
