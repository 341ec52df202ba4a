-- Drives `edgelint lsp` from Neovim (0.7 or later, started with
-- `nvim --headless -u NONE -c "luafile test.lua"`): opens cdn.tf of a
-- broken Terraform module, waits for the diagnostics, hovers, edits the
-- buffer, applies a quick fix, saves and stops the server. It writes what it
-- saw to $EDGELINT_NVIM_RESULT as JSON and quits; nvim_test.go checks it.

local bin = os.getenv("EDGELINT_BIN")
local dir = os.getenv("EDGELINT_NVIM_DIR")
local result_file = os.getenv("EDGELINT_NVIM_RESULT")
local out = { steps = {} }

local function step(name)
  table.insert(out.steps, name)
end

-- diags returns the buffer's diagnostics as plain tables (0-based lines,
-- byte columns, as Neovim stores them).
local function diags(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      code = d.code or lsp.code or vim.NIL,
      source = d.source or vim.NIL,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity,
      href = (lsp.codeDescription or {}).href or vim.NIL,
      message = d.message,
    })
  end
  table.sort(list, function(a, b) return tostring(a.code) < tostring(b.code) end)
  return list
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code or (((d.user_data or {}).lsp or {}).code == code) then
      return true
    end
  end
  return false
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/cdn.tf"))
  local buf = vim.api.nvim_get_current_buf()

  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.general = capabilities.general or {}
  capabilities.general.positionEncodings = { "utf-8", "utf-16" }
  local exit_code
  local id = vim.lsp.start_client({
    name = "edgelint",
    cmd = { bin, "lsp" },
    root_dir = dir,
    capabilities = capabilities,
    flags = { debounce_text_changes = 0 },
    on_init = function(client, result)
      -- Neovim 0.7 predates positionEncoding: use what the server chose.
      client.offset_encoding = result.capabilities.positionEncoding or "utf-16"
    end,
    on_exit = function(code)
      exit_code = code
    end,
  })
  assert(id, "start_client failed")
  vim.lsp.buf_attach_client(buf, id)
  step("started")

  assert(vim.wait(20000, function() return has_code(buf, "EL004") and has_code(buf, "EL005") end, 20),
    "no EL004 and EL005 diagnostics within 20 s: " .. vim.inspect(vim.diagnostic.get(buf)))
  local client = vim.lsp.get_client_by_id(id)
  out.offset_encoding = client.offset_encoding
  out.initial = diags(buf)
  step("diagnostics")

  -- Hover over the EL004 range.
  local el004
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "EL004" then el004 = d end
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = el004.lnum, character = el004.col + 2 },
  }
  local hover = client.request_sync("textDocument/hover", params, 10000, buf)
  assert(hover and not hover.err, "hover failed: " .. vim.inspect(hover))
  out.hover = hover.result and hover.result.contents.value or vim.NIL
  step("hover")

  -- Hover over resource /posts in api.tf, which is not open: the
  -- behaviors that reach it.
  local route = client.request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_fname(dir .. "/api.tf") },
    position = { line = 15, character = 18 },
  }, 10000, buf)
  assert(route and not route.err, "route hover failed: " .. vim.inspect(route))
  out.route_hover = route.result and route.result.contents.value or vim.NIL
  step("route hover")

  -- An unsaved edit: EL005's domain spelled right in the buffer only.
  local el005
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "EL005" then el005 = d end
  end
  local line = vim.api.nvim_buf_get_lines(buf, el005.lnum, el005.lnum + 1, true)[1]
  local fixed = line:gsub("excute%-api", "execute-api")
  vim.api.nvim_buf_set_lines(buf, el005.lnum, el005.lnum + 1, true, { fixed })
  assert(vim.wait(20000, function() return not has_code(buf, "EL005") end, 20),
    "EL005 still shown after the edit: " .. vim.inspect(vim.diagnostic.get(buf)))
  out.after_change = diags(buf)
  out.modified = vim.api.nvim_buf_get_option(buf, "modified")
  step("changed")

  -- Quick fix: apply the one offered for EL004 (the behavior path; with
  -- the domain fixed, a second EL004 about the other behavior shows),
  -- then save.
  local line4 = el004.lnum
  el004 = nil
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "EL004" and d.lnum == line4 then el004 = d end
  end
  assert(el004, "EL004 on line " .. line4 .. " gone before the fix: " .. vim.inspect(vim.diagnostic.get(buf)))
  local offset_encoding = client.offset_encoding or "utf-16"
  local range_params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    -- Neovim's columns are bytes: the client's positions when it uses utf-8.
    range = {
      start = { line = el004.lnum, character = el004.col },
      ["end"] = { line = el004.end_lnum, character = el004.end_col },
    },
    context = { diagnostics = {} },
  }
  local resp = client.request_sync("textDocument/codeAction", range_params, 10000, buf)
  assert(resp and not resp.err, "codeAction failed: " .. vim.inspect(resp))
  out.actions = {}
  for _, action in ipairs(resp.result or {}) do
    table.insert(out.actions, { title = action.title, kind = action.kind or vim.NIL, preferred = action.isPreferred or false })
    if action.edit and #out.actions == 1 then
      vim.lsp.util.apply_workspace_edit(action.edit, offset_encoding)
    end
  end
  step("code action")
  if #out.actions > 0 then
    vim.cmd("write")
    vim.wait(20000, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.lnum == line4 then return false end
      end
      return true
    end, 20)
    out.after_fix = diags(buf)
    out.fixed_line = vim.api.nvim_buf_get_lines(buf, el004.lnum, el004.lnum + 1, true)[1]
    step("fixed")
  end

  vim.lsp.stop_client(id)
  assert(vim.wait(10000, function() return exit_code ~= nil end, 20), "the server did not exit")
  out.exit_code = exit_code
  step("stopped")
end

local ok, err = pcall(run)
out.ok = ok
if not ok then
  out.error = tostring(err)
end
local f = assert(io.open(result_file, "w"))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd("qall!")
