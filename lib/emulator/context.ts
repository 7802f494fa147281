import type { EmulatorState } from "./state/emulator-state";
import type { TokenSigner } from "./identity/jwt";
import type { FaultInjector } from "./control/faults";
import type { RequestLog } from "./control/request-log";

export interface EmulatorUrls {
  /** `https://127.0.0.1:<port>` */
  origin: string;
  /** @azure/identity `authorityHost`: `{origin}/login`, tenants below it like login.microsoftonline.com. */
  loginUrl: string;
  /** Graph SDK `baseUrl`: the origin itself, so `/v1.0/...` sits where the SDK's nextLink parser expects it. */
  graphUrl: string;
  controlUrl: string;
}

/** What every request handler needs; one per running server. */
export interface EmulatorContext {
  state: EmulatorState;
  signer: TokenSigner;
  faults: FaultInjector;
  log: RequestLog;
  urls: EmulatorUrls;
  controlToken: string;
}
