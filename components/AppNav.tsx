"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Permission, type Role } from "@/lib/core/auth/roles";

/**
 * The product's sections, in the order an annotator and an analyst use them, each with the
 * permission its page checks on the server (the navigation only hides what would be refused).
 */
export const sections: { href: string; label: string; permission: Permission }[] = [
  { href: "/queue", label: "Queue", permission: "annotate" },
  { href: "/review", label: "Review", permission: "review" },
  { href: "/map", label: "Map", permission: "analyze" },
  { href: "/metrics", label: "Metrics", permission: "analyze" },
  { href: "/labels", label: "Labels", permission: "read" },
  { href: "/detector", label: "Detector", permission: "analyze" },
  { href: "/data", label: "Data", permission: "analyze" },
  { href: "/settings", label: "Settings", permission: "compute" },
  { href: "/users", label: "Users", permission: "manageUsers" },
  { href: "/audit", label: "Audit", permission: "audit" },
];

export function AppNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {sections
        .filter((s) => can(role, s.permission))
        .map((s) => {
          const active = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <Link
              key={s.href}
              href={s.href}
              aria-current={active ? "page" : undefined}
              className={`rounded px-3 py-1.5 text-sm font-medium ${
                active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"
              }`}
            >
              {s.label}
            </Link>
          );
        })}
    </nav>
  );
}
