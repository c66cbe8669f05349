import type { ReactNode } from "react";
import { guardPage, requireLandlord } from "@/lib/auth/dal";
import { ConsoleNav } from "./console-nav";
import { ConsoleStatus } from "./console-status";

/**
 * The landlord console's frame. Each page guards itself; the layout asks too, so nobody but a
 * landlord admin past MFA sees even the console's navigation around a 404.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await guardPage(() => requireLandlord());
  return (
    <div className="console">
      <ConsoleNav />
      <ConsoleStatus>{children}</ConsoleStatus>
    </div>
  );
}
