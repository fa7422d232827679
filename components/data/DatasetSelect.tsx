"use client";

/**
 * The dataset a panel works on (export, embedding, training, generative labels), by name. The
 * caller wraps it in its label; `describe` adds to each option's name (counts, taxonomy).
 */
export function DatasetSelect<T extends { name: string }>({
  datasets,
  value,
  onChange,
  disabled,
  testId,
  className = "rounded border border-slate-300 px-2 py-1",
  describe,
  ariaLabel,
}: {
  datasets: readonly T[];
  value: string;
  onChange: (name: string) => void;
  disabled?: boolean;
  testId?: string;
  className?: string;
  describe?: (dataset: T) => string;
  /** For a select without a wrapping label. */
  ariaLabel?: string;
}) {
  return (
    <select
      className={className}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      data-testid={testId}
      aria-label={ariaLabel}
    >
      {datasets.map((d) => (
        <option key={d.name} value={d.name}>
          {d.name}
          {describe ? ` ${describe(d)}` : ""}
        </option>
      ))}
    </select>
  );
}
