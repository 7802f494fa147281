import fs from "node:fs";
import path from "node:path";
import { newSecret, type AppSecret } from "./emulator-state";

/**
 * Secrets of the seeded apps, generated on first start and kept in the git-ignored data dir so
 * the portal's stored credentials keep working across emulator restarts. Never committed, never
 * logged; only `npm run emulator` prints them.
 */
export class SecretStore {
  private readonly file: string | null;
  private secrets: Record<string, AppSecret[]> = {};

  /** `dataDir` null = in-memory only (tests that want throwaway secrets). */
  constructor(dataDir: string | null) {
    this.file = dataDir ? path.join(dataDir, "app-secrets.json") : null;
  }

  private reload(): void {
    if (!this.file || !fs.existsSync(this.file)) return;
    try {
      this.secrets = { ...this.secrets, ...(JSON.parse(fs.readFileSync(this.file, "utf8")) as Record<string, AppSecret[]>) };
    } catch {
      // A corrupt file is replaced by the next save.
    }
  }

  secretsFor(clientId: string, lifetimeDays: number, displayName: string): AppSecret[] {
    this.reload();
    const existing = this.secrets[clientId];
    if (existing?.length) return existing.map((s) => ({ ...s }));
    const created = [newSecret({ displayName, endDateTime: new Date(Date.now() + lifetimeDays * 24 * 3600 * 1000) })];
    this.secrets[clientId] = created;
    this.save();
    return created.map((s) => ({ ...s }));
  }

  private save(): void {
    if (!this.file) return;
    // Write-then-rename: concurrent first starts (tests, launcher) never see half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.secrets, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
