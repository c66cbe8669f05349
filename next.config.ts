import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // The seed's API has `GET /uauth/business-profile/` with a trailing slash; curl does not follow
  // the 308 Next would answer, so both forms are served as they are.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
  typedRoutes: false,
  // Native and WebAssembly-backed packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "better-sqlite3", "@prisma/client", "pg"],
  experimental: {
    serverActions: {
      // Forms send a few fields; anything larger is refused before it is parsed.
      bodySizeLimit: "64kb",
    },
  },
  // The e2e suite and CI build with `next build`; a type error fails the build.
  typescript: { ignoreBuildErrors: false },
};

export default config;
