import { ProgressBar } from "@/components/data/ProgressBar";
import type { FileProgressMap } from "./fileProgress";

/** One byte-progress bar per model file while a model loads. */
export function FileProgressList({ files }: { files: FileProgressMap }) {
  const entries = Object.entries(files);
  if (entries.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="model-file-progress">
      {entries.map(([file, p]) => (
        <ProgressBar
          key={file}
          label={p.done ? `${file} (loaded)` : file}
          value={p.done ? 1 : p.loaded}
          max={p.done ? 1 : p.total}
          unit={p.done ? "file" : "bytes"}
        />
      ))}
    </div>
  );
}
