/** A labelled progress bar with a percentage; `max` of 0 shows an empty bar. */
export function ProgressBar({
  label,
  value,
  max,
  unit,
}: {
  label: string;
  value: number;
  max: number;
  unit: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.round((100 * value) / max)) : 0;
  return (
    <div className="text-xs text-slate-600">
      <div className="mb-1 flex justify-between">
        <span>{label}</span>
        <span>
          {percent}% of {max.toLocaleString("en")} {unit}
        </span>
      </div>
      <div
        className="h-2 rounded bg-slate-200"
        role="progressbar"
        aria-label={label}
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="h-2 rounded bg-slate-900 transition-all" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
