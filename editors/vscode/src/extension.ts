// Starts `edgelint lsp` for Terraform, CloudFormation/SAM (YAML, JSON and
// .template) files and restarts it when its settings change.

import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

import { serverCommand } from "./command";

let client: LanguageClient | undefined;

function settings(): { path?: string; config?: string } {
  const c = vscode.workspace.getConfiguration("edgelint");
  return { path: c.get<string>("path"), config: c.get<string>("config") };
}

async function start(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const cmd = serverCommand(settings(), folder);
  const serverOptions: ServerOptions = {
    command: cmd.command,
    args: cmd.args,
    options: cmd.cwd === undefined ? undefined : { cwd: cmd.cwd },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "terraform" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "json" },
      { scheme: "file", pattern: "**/*.{tf,tfvars,template}" },
    ],
  };
  client = new LanguageClient("edgelint", "edgelint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined) {
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("edgelint")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
