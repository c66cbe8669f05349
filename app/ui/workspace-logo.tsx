import { isLocalLogoPath } from "@/lib/workspaces/fields";

/**
 * A workspace's logo. Only logos served by Gatehouse itself are drawn (the CSP allows images from
 * 'self' alone); anything else shows the name's initial.
 */
export function WorkspaceLogo({ name, logo, size = 48 }: { name: string; logo: string | null; size?: number }) {
  if (logo && isLocalLogoPath(logo)) {
    // A plain <img>: small local SVGs, which next/image would not optimise anyway.
    return <img className="workspace-logo" src={logo} alt={`${name} logo`} width={size} height={size} />;
  }
  return (
    <span className="workspace-logo monogram" style={{ width: size, height: size }} role="img" aria-label={`${name} logo`}>
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
