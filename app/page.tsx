import { redirect } from "next/navigation";

/** The queue is where annotators start their day. */
export default function Home() {
  redirect("/queue");
}
