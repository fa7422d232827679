import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles a benchmark's browser entry (a worker client and its page code) with esbuild into one
 * ES module, so browser benchmarks need no production build of the app.
 */
export async function bundlePage(entry: string, root = process.cwd()): Promise<string> {
  const out = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    minify: true,
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "error",
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}
