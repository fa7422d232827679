import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppNav } from "@/components/AppNav";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { currentActor } from "@/lib/server/auth/pageAccess";
import "./globals.css";

export const metadata: Metadata = {
  title: "Creative Triage",
  description: "Find and fix wrong and missing labels on advertising creatives.",
};

/** Every page shows the sections the signed-in user's role may open, and who is signed in. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor().catch(() => null);
  return (
    <html lang="en">
      <body className="min-h-screen flex flex-col">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-center gap-8 px-6 py-3">
            <span className="text-lg font-semibold tracking-tight">Creative Triage</span>
            {actor && <AppNav role={actor.role} />}
            {actor && (
              <div className="ml-auto flex items-center gap-2 text-sm text-slate-600">
                <span data-testid="signed-in-as">
                  {actor.username} · {actor.role}
                </span>
                <SignOutButton />
              </div>
            )}
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-6 py-6">{children}</main>
        <footer className="border-t border-slate-200 bg-white text-xs text-slate-500">
          <div className="mx-auto max-w-7xl px-6 py-3" data-testid="attribution">
            Demo taxonomy: IAB Tech Lab Ad Product Taxonomy 2.0, licensed CC BY 3.0, with
            brand-level extensions. The demo creatives are synthetic: generated ad copy, not real
            advertisements.
          </div>
        </footer>
      </body>
    </html>
  );
}
