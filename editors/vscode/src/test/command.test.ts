// Unit tests of the server command line: node --test, no VS Code.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { expand, serverCommand } from "../command";

const home = path.resolve("/home/dev");
const folder = path.resolve("/work/project");

test("defaults: edgelint lsp, looked up in PATH", () => {
  assert.deepEqual(serverCommand({}, undefined, home), { command: "edgelint", args: ["lsp"] });
  assert.deepEqual(serverCommand({ path: "  ", config: "" }, folder, home), { command: "edgelint", args: ["lsp"], cwd: folder });
});

test("a bare binary name stays a name", () => {
  assert.equal(serverCommand({ path: "edgelint-dev" }, folder, home).command, "edgelint-dev");
});

test("a binary path is expanded and made absolute against the folder", () => {
  assert.equal(serverCommand({ path: "~/go/bin/edgelint" }, folder, home).command, path.join(home, "go/bin/edgelint"));
  assert.equal(serverCommand({ path: "./bin/edgelint" }, folder, home).command, path.join(folder, "bin/edgelint"));
  assert.equal(serverCommand({ path: "${workspaceFolder}/bin/edgelint" }, folder, home).command, path.join(folder, "bin/edgelint"));
  assert.equal(serverCommand({ path: "/usr/local/bin/edgelint" }, folder, home).command, "/usr/local/bin/edgelint");
});

test("edgelint.config becomes --config FILE", () => {
  assert.deepEqual(serverCommand({ config: "ci.edgelint.yaml" }, folder, home).args, ["lsp", "--config", path.join(folder, "ci.edgelint.yaml")]);
  assert.deepEqual(serverCommand({ config: " ~/edgelint.yaml " }, folder, home).args, ["lsp", "--config", path.join(home, "edgelint.yaml")]);
  assert.deepEqual(serverCommand({ config: "/etc/edgelint.yaml" }, undefined, home).args, ["lsp", "--config", "/etc/edgelint.yaml"]);
});

test("a file name with spaces is one argument", () => {
  assert.deepEqual(serverCommand({ config: "my config.yaml" }, folder, home).args, ["lsp", "--config", path.join(folder, "my config.yaml")]);
});

test("without a folder, relative paths are left to the server", () => {
  assert.equal(expand("conf/edgelint.yaml", undefined, home), "conf/edgelint.yaml");
  assert.deepEqual(serverCommand({ config: "conf/edgelint.yaml" }, undefined, home), { command: "edgelint", args: ["lsp", "--config", "conf/edgelint.yaml"] });
});
