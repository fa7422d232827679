/** The lines of an error report: where (line, field) and what is wrong, as plain text. */
export function IssueTable({
  file,
  issues,
}: {
  file: string;
  issues: { line: number; field?: string; message: string }[];
}) {
  return (
    <table className="mt-2 w-full text-left text-xs" data-testid="issue-table">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-3">File</th>
          <th className="pr-3">Line</th>
          <th className="pr-3">Field</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        {issues.slice(0, 200).map((issue, i) => (
          <tr key={i} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-3 font-mono">{file}</td>
            <td className="pr-3">{issue.line > 0 ? issue.line : "–"}</td>
            <td className="pr-3 font-mono">{issue.field ?? "–"}</td>
            <td>{issue.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
