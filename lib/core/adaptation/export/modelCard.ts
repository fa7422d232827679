import type { ModelVersionSummary } from "../versions";

/** What a card says beside the version's own record: which export, and how exact it is. */
export interface ModelCardContext {
  format: "transformers-js" | "sentence-transformers";
  /** Front matter for the hub (`library_name`, tags); none for a plain folder. */
  frontMatter?: Record<string, string | string[]>;
  /** How to load the folder. */
  usage: string;
  /** What the folder holds and how exactly it reproduces the app's vectors. */
  notes: readonly string[];
}

const fixed = (x: number | null, digits = 4): string => (x === null ? "n/a" : x.toFixed(digits));

function frontMatterOf(values: Record<string, string | string[]>): string {
  const lines = Object.entries(values).map(([key, value]) =>
    Array.isArray(value) ? `${key}:\n${value.map((v) => `- ${v}`).join("\n")}` : `${key}: ${value}`,
  );
  return `---\n${lines.join("\n")}\n---\n\n`;
}

/**
 * The README of an exported version: the base model, the version and its parent, the decisions
 * it was trained from, the objective and the training metrics, then how to load it. Only facts
 * stored with the version go in, so exporting the same version twice gives the same bytes.
 */
export function versionModelCard(version: ModelVersionSummary, context: ModelCardContext): string {
  const m = version.metrics;
  const last = m.history[m.history.length - 1];
  const options = Object.entries(m.options)
    .map(([key, value]) => `\`${key}\` = ${String(value)}`)
    .join(", ");
  const history = m.history
    .map((e) => `| ${e.epoch} | ${fixed(e.trainLoss)} | ${fixed(e.validationLoss)} |`)
    .join("\n");
  return `${context.frontMatter ? frontMatterOf(context.frontMatter) : ""}# ${version.baseModelId}, adapted: version ${version.id}

A Creative Triage model version exported as a ${context.format} folder: a Dense adapter
(\`u = normalize(W x)\`, no bias, \`W\` ${version.dim} x ${version.dim}) trained from annotators'
decisions over the frozen base model \`${version.baseModelId}\`.

| | |
| --- | --- |
| Base model | \`${version.baseModelId}\` (version \`${version.baseModelVersion}\`) |
| Version | ${version.id} (vectors stored as \`${version.modelVersion}\`) |
| Parent | ${version.parentId === null ? "none (trained from the base model)" : `version ${version.parentId}`} |
| Decisions | ${version.decisionCount} standing decisions, up to decision id ${version.lastDecisionId} |
| Created | ${version.createdAt} by ${version.createdBy} |
| Objective | ${m.objective}${options ? ` (${options})` : ""} |

## Training

- Pairs: ${m.trainPairs} for training, ${m.validationPairs} held out for validation (${m.decisionPairs} from decisions, ${m.importedPairs} from imported labels).
- Validation loss: ${fixed(m.initialValidationLoss)} before training, ${fixed(m.bestValidationLoss)} at the best epoch (${m.bestEpoch})${m.stoppedEarly ? ", stopped early" : ""}.
- Epochs run: ${m.history.length}${last ? `, last training loss ${fixed(last.trainLoss)}` : ""}; ${m.seconds.toFixed(1)} s on ${m.device}.

${history ? `| Epoch | Training loss | Validation loss |\n| --- | --- | --- |\n${history}\n` : ""}
## Usage

${context.usage}

## What this folder holds

${context.notes.map((n) => `- ${n}`).join("\n")}
`;
}
