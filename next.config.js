/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite ships WASM and data files, and the
  // Entra/Graph clients pick Node entry points.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@azure/identity",
    "@azure/msal-node",
    "@microsoft/microsoft-graph-client",
  ],
  poweredByHeader: false,
};

export default nextConfig;
