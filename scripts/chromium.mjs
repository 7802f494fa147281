// Playwright's own browser download cannot work here; browser tests use an installed Chromium.
import fs from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return fs.existsSync(configured)
      ? { path: configured }
      : { path: null, message: `CHROMIUM_PATH=${configured} does not exist. Point it at a Chromium/Chrome executable, or unset it and install Debian's package (apt-get install -y chromium).` };
  }
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return { path: found };
  return {
    path: null,
    message:
      "No Chromium found for the browser tests. Install Debian's package (apt-get install -y chromium) " +
      "or set CHROMIUM_PATH to a Chromium/Chrome executable.",
  };
}
