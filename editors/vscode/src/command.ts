// The language server's command line, built from the extension's settings.
// It imports nothing from VS Code, so that it is unit-tested with node
// alone (src/test/command.test.ts).

import * as os from "os";
import * as path from "path";

/** The extension's settings (`edgelint.path`, `edgelint.config`). */
export interface Settings {
  /** The binary: a name looked up in PATH, or a path. */
  path?: string;
  /** A configuration file for `--config`; empty for none. */
  config?: string;
}

/** How to start the server. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** The working directory: the workspace folder, when there is one. */
  cwd?: string;
}

/**
 * expand replaces a leading `~` with the home directory and
 * `${workspaceFolder}` with the folder, and makes a relative path
 * absolute against the folder. Without a folder, a relative path and
 * `${workspaceFolder}` are left as written (the server resolves them
 * against its working directory).
 */
export function expand(p: string, folder: string | undefined, home: string = os.homedir()): string {
  let out = p;
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = home + out.slice(1);
  }
  if (folder !== undefined) {
    out = out.split("${workspaceFolder}").join(folder);
    if (!path.isAbsolute(out)) {
      out = path.resolve(folder, out);
    }
  }
  return out;
}

/**
 * serverCommand is `edgelint lsp [--config FILE]`. A binary given as a
 * bare name ("edgelint") is looked up in PATH by the system, not made
 * relative to the folder; one with a directory part is a path.
 */
export function serverCommand(settings: Settings, folder?: string, home: string = os.homedir()): ServerCommand {
  const bin = (settings.path ?? "").trim() || "edgelint";
  const isName = !bin.includes("/") && !bin.includes("\\") && !bin.startsWith("~") && !bin.includes("${");
  const command = isName ? bin : expand(bin, folder, home);
  const args = ["lsp"];
  const config = (settings.config ?? "").trim();
  if (config !== "") {
    args.push("--config", expand(config, folder, home));
  }
  return folder === undefined ? { command, args } : { command, args, cwd: folder };
}
