// Every response: no framing (clickjacking of sign-in, and of approve or sync-off buttons later), no
// MIME sniffing, no full URLs in Referer to other sites, HTTPS only once seen (Vercel adds HSTS itself
// only when a project declares no headers). The CSP restricts only what Next.js's own inline scripts do
// not need; a script policy would need per-request nonces.
const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
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
