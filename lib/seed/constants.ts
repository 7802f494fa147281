// Stable identifiers of the seeded demo, shared by the seed, the launcher banner and the browser tests.
export const DEMO_SOLUTION = { id: "demo-ab", name: "Demo AB", region: "SE" } as const;
export const FJORDLINE_SOLUTION = { id: "fjordline", name: "Fjordline AS", region: "NO" } as const;

export const DEMO_ACCOUNTS = {
  demoAdmin: { email: "admin@demo-ab.example", name: "Astrid Admin", solutionId: DEMO_SOLUTION.id, isSupport: false },
  fjordlineAdmin: { email: "admin@fjordline.example", name: "Fredrik Fjord", solutionId: FJORDLINE_SOLUTION.id, isSupport: false },
  support: { email: "support@switchboard.example", name: "Siri Support", solutionId: null, isSupport: true },
} as const;

/** The integration `npm start -- --connect-demo` makes: Demo AB ← the emulated Nordic Demo tenant. */
export const DEMO_INTEGRATION = { id: "demo-ab-entra", name: "Nordic Demo (emulated)" } as const;
