/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@azure/identity", "@azure/msal-node"],
  poweredByHeader: false,
};

module.exports = nextConfig;
