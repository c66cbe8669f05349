import type { NextConfig } from "next";
// Relative, not "@/…": the config is loaded outside the app's path aliases.
import { SERVER_ACTION_BODY_LIMIT } from "./lib/net/action-body";

const config: NextConfig = {
  poweredByHeader: false,
  // The seed's API has `GET /uauth/business-profile/` with a trailing slash; curl does not follow
  // the 308 Next would answer, so both forms are served as they are.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
  typedRoutes: false,
  // Native and WebAssembly-backed packages stay outside the server bundle. So does e-mail
  // rendering: server code is bundled under the react-server condition, where react-dom/server
  // refuses to load; loaded by Node at run time, react-email gets React's full server renderer.
  serverExternalPackages: ["@node-rs/argon2", "better-sqlite3", "@prisma/client", "pg", "@react-email/render", "@react-email/components", "resend"],
  experimental: {
    serverActions: {
      // Forms send a few fields; anything larger is refused before it is parsed. Middleware
      // answers 413 first (lib/net/action-body.ts): past this limit Next.js itself answers 500.
      bodySizeLimit: SERVER_ACTION_BODY_LIMIT,
    },
  },
  // The e2e suite and CI build with `next build`; a type error fails the build.
  typescript: { ignoreBuildErrors: false },
};

export default config;
