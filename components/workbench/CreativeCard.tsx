import { CreativeImage } from "@/components/images/CreativeImage";
import { GroupMembers } from "./GroupMembers";
import { SimilarConfirmed } from "./SimilarConfirmed";
import { suggestionList, type QueueItem } from "./types";

const flagText = {
  wrong_label: "Probably wrong label",
  new_label: "Probably needs a new label",
} as const;

/**
 * One creative as the annotator judges it: its text (marked when it was read from the image by
 * OCR, since it may hold misread characters), the classifier's and the generative model's
 * labels, the nearest labels with their similarity as bars (keys 1-9), and why the
 * detector flagged it. All text is rendered as text.
 */
export function CreativeCard({
  item,
  commandKeys,
}: {
  item: QueueItem;
  commandKeys: Record<string, string>;
}) {
  const suggestions = suggestionList(item);
  return (
    <article
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
      data-testid="queue-item"
      data-creative-id={item.creativeId}
    >
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span className="font-mono">{item.externalId}</span>
        {item.flag && (
          <span
            className={`rounded px-2 py-0.5 font-medium ${item.flag === "new_label" ? "bg-violet-100 text-violet-800" : "bg-amber-100 text-amber-800"}`}
            data-testid="queue-flag"
          >
            {flagText[item.flag]}
            {item.detectorScore !== null && ` (${item.detectorScore.toFixed(2)})`}
          </span>
        )}
      </div>
      {item.imageRef && (
        <CreativeImage creativeId={item.creativeId} alt={`Image of ${item.externalId}`} />
      )}
      {item.textSource === "ocr" && (
        <p
          className="text-xs font-medium uppercase tracking-wide text-slate-500"
          data-testid="queue-text-source"
        >
          Text read from the image (OCR)
        </p>
      )}
      <p className="whitespace-pre-wrap text-lg leading-relaxed" data-testid="queue-text">
        {item.text}
      </p>
      {item.reasons.length > 0 && (
        <ul
          className="list-disc space-y-0.5 pl-5 text-sm text-slate-600"
          data-testid="queue-reasons"
        >
          {item.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      )}
      {item.group && <GroupMembers group={item.group} />}
      <SimilarConfirmed creativeId={item.creativeId} />
      <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">
          Classifier <kbd className="ml-1 rounded border px-1 text-xs">{commandKeys.accept}</kbd>
        </dt>
        <dd data-testid="queue-predicted">
          {item.predicted ? (
            <>
              {item.predicted.path.join(" > ")}
              {item.predicted.score !== null && (
                <span className="ml-2 text-slate-500">{item.predicted.score.toFixed(2)}</span>
              )}
            </>
          ) : (
            "–"
          )}
        </dd>
        <dt className="text-slate-500">
          Generative{" "}
          <kbd className="ml-1 rounded border px-1 text-xs">{commandKeys.generative}</kbd>
        </dt>
        <dd data-testid="queue-generative">
          {item.generative ? (
            <>
              {item.generative.value}
              <span className="ml-2 text-slate-500">
                {item.generative.label
                  ? `= ${item.generative.label.path.join(" > ")}`
                  : "(not in the taxonomy)"}
              </span>
            </>
          ) : (
            "–"
          )}
        </dd>
      </dl>
      <div>
        <h3 className="mb-2 text-sm text-slate-500">Suggested labels</h3>
        <ol className="space-y-1" data-testid="queue-suggestions">
          {suggestions.map((s, i) => (
            <li
              key={s.labelId}
              className="flex items-center gap-3 text-sm"
              data-testid="queue-suggestion"
            >
              <kbd className="w-6 rounded border text-center text-xs">{i + 1}</kbd>
              <span className="flex-1">{s.path.join(" > ")}</span>
              {s.score !== null && (
                <span className="flex w-40 items-center gap-2">
                  <span className="h-2 flex-1 rounded bg-slate-100">
                    <span
                      className="block h-2 rounded bg-sky-500"
                      style={{ width: `${Math.max(0, Math.min(1, s.score)) * 100}%` }}
                    />
                  </span>
                  <span className="w-10 text-right tabular-nums text-slate-500">
                    {s.score.toFixed(2)}
                  </span>
                </span>
              )}
            </li>
          ))}
          {suggestions.length === 0 && (
            <li className="text-sm text-slate-400">No suggestions for this creative.</li>
          )}
        </ol>
      </div>
    </article>
  );
}
