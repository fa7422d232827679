import "server-only";
import { z } from "zod";
import { splitLabelPath } from "@/lib/core/labelPath";
import type { ExportFilter } from "./exportRows";
import { exportFormats } from "./formats";

/** Export options from a URL or command line; dates are ISO 8601, branch a label path. */
export const exportQuerySchema = z.object({
  format: z.enum(
    Object.keys(exportFormats) as [keyof typeof exportFormats, ...(keyof typeof exportFormats)[]],
    {
      error: `must be one of ${Object.keys(exportFormats).join(", ")}`,
    },
  ),
  dataset: z.string().min(1).max(100),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  annotator: z.string().min(1).max(64).optional(),
  branch: z.string().min(1).max(1000).optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** The filter an export query asks for, on a dataset and its taxonomy. */
export function exportFilterOf(
  query: ExportQuery,
  dataset: { id: number; taxonomyId: number },
): ExportFilter & { taxonomyId: number } {
  return {
    datasetId: dataset.id,
    taxonomyId: dataset.taxonomyId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    annotator: query.annotator,
    branch: query.branch
      ? splitLabelPath(query.branch, query.branch.includes(">") ? " > " : "/")
      : undefined,
  };
}
