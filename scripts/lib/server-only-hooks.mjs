// Module resolution hooks for the scripts bootstrap.mjs runs (registered by
// server-only-register.mjs): `server-only` resolves to its empty module, so scripts can use
// lib/'s Node-only modules directly. This replaces running scripts under the `react-server`
// condition, which would also give them React's server-components build, where react-dom/server
// (and so rendering an e-mail) refuses to load.
const EMPTY = new URL("../../node_modules/server-only/empty.js", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: EMPTY, shortCircuit: true };
  return nextResolve(specifier, context);
}
