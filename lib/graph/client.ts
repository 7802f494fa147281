import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler } from "@microsoft/microsoft-graph-client";
import { HostGuard, parseGraphBaseUrl } from "./host-guard";
import { BudgetedRetryHandler, type Sleep } from "./retry-middleware";
import { DEFAULT_RETRY_POLICY, RetryBudget, type RetryPolicy } from "./retry-policy";
import { WireHandler, type GraphStats } from "./wire-middleware";

export interface GraphClientConfig {
  /** `https://graph.microsoft.com` in production; the emulator's `graphUrl` (`https://127.0.0.1:<port>`) elsewhere. */
  graphBaseUrl: string;
  /** Anything with `getAccessToken()`, usually `createTokenSource(...)`. */
  tokenSource: { getAccessToken(): Promise<string> };
  /** Shared by every client of one run; a fresh 60 s budget when omitted. */
  budget?: RetryBudget;
  retryPolicy?: Partial<RetryPolicy>;
  acceptLanguage?: string;
  /** Tests replace the clock of retries; production never passes this. */
  sleep?: Sleep;
}

export interface GraphClient {
  sdk: Client;
  /** The only origin requests and followed links may go to. */
  origin: string;
  stats: GraphStats;
  budget: RetryBudget;
}

/**
 * A Graph client whose every request goes through one chain:
 * HostGuard → BudgetedRetry → Authentication → Telemetry → Wire → HTTP.
 * The SDK's default chain is replaced (its RetryHandler cannot express a per-run wait budget; see
 * retry-middleware.ts); RedirectHandler is left out on purpose, redirects are not followed.
 */
export function createGraphClient(config: GraphClientConfig): GraphClient {
  const { origin, hostname } = parseGraphBaseUrl(config.graphBaseUrl);
  const budget = config.budget ?? new RetryBudget();
  const stats: GraphStats = { requests: 0 };
  const policy = { ...DEFAULT_RETRY_POLICY, ...config.retryPolicy };
  const tokenSource = config.tokenSource;

  const chain = [
    new HostGuard(origin),
    new BudgetedRetryHandler(budget, policy, config.sleep),
    new AuthenticationHandler({ getAccessToken: () => tokenSource.getAccessToken() }),
    new TelemetryHandler(),
    new WireHandler(stats, config.acceptLanguage ?? "en-US"),
    new HTTPMessageHandler(),
  ];

  const sdk = Client.initWithMiddleware({
    middleware: chain,
    baseUrl: `${origin}/`,
    // Bare lowercase hostname, no port: the SDK attaches the token only to Graph hosts and these
    // (reference §8); "127.0.0.1:8443" would silently never match.
    customHosts: new Set([hostname]),
  });
  return { sdk, origin, stats, budget };
}
