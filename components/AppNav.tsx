"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The product's sections, in the order an annotator and an analyst use them. */
const sections = [
  { href: "/queue", label: "Queue" },
  { href: "/map", label: "Map" },
  { href: "/labels", label: "Labels" },
  { href: "/detector", label: "Detector" },
  { href: "/data", label: "Data" },
  { href: "/settings", label: "Settings" },
] as const;

export function AppNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1">
      {sections.map((s) => {
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
