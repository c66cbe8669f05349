import type { Metadata } from "next";
import { WaysBack } from "@/app/ui/ways-back";

export const metadata: Metadata = { title: "Page not found" };

/** Any address Gatehouse has no page for, and pages a caller may not know exist (the console). */
export default function NotFound() {
  return (
    <WaysBack title="Page not found">
      <p>There is no page at this address. The link may be mistyped, or the page may have moved.</p>
    </WaysBack>
  );
}
