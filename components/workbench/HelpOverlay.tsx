import type { WorkbenchCommand } from "./commands";

/** The `?` overlay: every command with its key, from the same list the keyboard handler uses. */
export function HelpOverlay({
  commands,
  onClose,
}: {
  commands: WorkbenchCommand[];
  onClose: () => void;
}) {
  const shown = commands.filter((c) => !c.id.startsWith("pick-") || c.id === "pick-1");
  return (
    <div
      role="dialog"
      aria-label="Keyboard shortcuts"
      className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/30"
      onClick={onClose}
    >
      <div className="rounded-lg bg-white p-5 shadow-xl" data-testid="help-overlay">
        <h2 className="mb-3 font-medium">Keyboard shortcuts</h2>
        <table className="text-sm">
          <tbody>
            {shown.map((c) => (
              <tr key={c.id}>
                <td className="py-1 pr-4">
                  <kbd className="rounded border px-1.5">
                    {c.id === "pick-1" ? "1 – 9" : c.keyLabel}
                  </kbd>
                </td>
                <td>{c.id === "pick-1" ? "Pick the n-th suggested label" : c.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
