import "server-only";
import { createHash } from "node:crypto";
import { csvRow } from "@/lib/core/csv";
import { labelPathToText } from "@/lib/core/encoder/label-text";
import type { Executor } from "../db";
import { listExportLabels, streamDecisions, streamPairs, type ExportFilter } from "./exportRows";

export const exportFormats = {
  "pairs.csv": "Sentence Transformers pairs: sentence1,sentence2,score",
  "pairs.jsonl": "Sentence Transformers pairs as JSON lines",
  "triplets.csv": "anchor,positive,negative (text, chosen label, rejected label)",
  "triplets.jsonl": "triplets as JSON lines",
  "classification.csv": "text,label_path,label_id for retraining the classifier",
  "image-text.csv": "image,text pairs for CLIP-style fine-tuning",
  "decisions.jsonl":
    "every decision with stable hashes, labels before and after, timing, reviews and overrulings",
  "taxonomy.txt": "the taxonomy with proposed labels, one path per line (re-importable)",
} as const;
export type ExportFormat = keyof typeof exportFormats;

/** Labels as the encoder reads them (the bundled model's template), so pairs train it directly. */
const labelText = (path: readonly string[]) => labelPathToText(path);

/**
 * Streams an export as text chunks. Pairs and triplets carry the contrastive targets the
 * decisions wrote (0.9 pull, 0.1 push); only current decisions count, so undone work never trains
 * a model.
 */
export async function* exportLines(
  db: Executor,
  format: ExportFormat,
  filter: ExportFilter & { taxonomyId: number },
): AsyncGenerator<string> {
  switch (format) {
    case "pairs.csv":
    case "pairs.jsonl": {
      const csv = format === "pairs.csv";
      if (csv) yield csvRow(["sentence1", "sentence2", "score"]);
      for await (const p of streamPairs(db, filter)) {
        if (p.kind !== "text_label" && p.kind !== "text_text") continue;
        const other =
          p.kind === "text_label" ? labelText(p.other_label_path ?? []) : (p.other_text ?? "");
        yield csv
          ? csvRow([p.text, other, p.target])
          : `${JSON.stringify({ sentence1: p.text, sentence2: other, score: p.target })}\n`;
      }
      return;
    }
    case "triplets.csv":
    case "triplets.jsonl": {
      const csv = format === "triplets.csv";
      if (csv) yield csvRow(["anchor", "positive", "negative"]);
      let decision = -1;
      let anchor = "";
      let positive: string | null = null;
      let negatives: string[] = [];
      const flush = function* () {
        if (positive === null) return;
        for (const negative of negatives) {
          yield csv
            ? csvRow([anchor, positive, negative])
            : `${JSON.stringify({ anchor, positive, negative })}\n`;
        }
      };
      for await (const p of streamPairs(db, { ...filter })) {
        if (p.kind !== "text_label") continue;
        if (p.decision_id !== decision) {
          yield* flush();
          decision = p.decision_id;
          anchor = p.text;
          positive = null;
          negatives = [];
        }
        const text = labelText(p.other_label_path ?? []);
        if (p.target >= 0.5) positive = text;
        else negatives.push(text);
      }
      yield* flush();
      return;
    }
    case "classification.csv": {
      yield csvRow(["text", "label_path", "label_id"]);
      // A decision a review overruled does not count, unless that review was itself undone.
      const retracted = new Set<number>();
      const current: { creativeId: number; supersededBy: number | null; row: ClassRow }[] = [];
      for await (const d of streamDecisions(db, filter)) {
        if (d.retracted_at) retracted.add(d.id);
        if (d.retracted_at || d.label_id === null || !d.label_path) continue;
        current.push({
          creativeId: d.creative_id,
          supersededBy: d.superseded_by,
          row: { text: d.text, path: d.label_path, labelId: d.label_id },
        });
      }
      const latest = new Map<number, ClassRow>();
      for (const d of current)
        if (d.supersededBy === null || retracted.has(d.supersededBy))
          latest.set(d.creativeId, d.row);
      for (const row of latest.values())
        yield csvRow([row.text, row.path.join(" > "), row.labelId]);
      return;
    }
    case "image-text.csv": {
      yield csvRow(["image", "text"]);
      for await (const p of streamPairs(db, filter)) {
        if (p.kind === "image_text" && p.image_ref) yield csvRow([p.image_ref, p.text]);
      }
      return;
    }
    case "decisions.jsonl": {
      for await (const d of streamDecisions(db, filter)) {
        yield `${JSON.stringify({
          decision_id: d.id,
          creative_id: d.external_id,
          input_sha256: d.content_hash,
          text_sha256: createHash("sha256").update(d.text).digest("hex"),
          annotator_sha256: createHash("sha256").update(d.annotator).digest("hex"),
          annotator: d.annotator,
          action: d.action,
          label_before: d.previous_label_path?.join(" > ") ?? null,
          label_after: d.label_path?.join(" > ") ?? null,
          time_spent_ms: d.time_spent_ms,
          decided_at: new Date(d.created_at).toISOString(),
          retracted_at: d.retracted_at ? new Date(d.retracted_at).toISOString() : null,
          is_review: d.is_review,
          superseded_by: d.superseded_by,
        })}\n`;
      }
      return;
    }
    case "taxonomy.txt": {
      yield "# label paths, one per line; import with: npm run import -- <file> --taxonomy <name>\n";
      for (const label of await listExportLabels(db, filter.taxonomyId))
        yield `${label.path.join(" > ")}\n`;
      return;
    }
  }
}

/** One line of the classification export. */
interface ClassRow {
  text: string;
  path: string[];
  labelId: number;
}
