package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/mattn/go-isatty"

	"github.com/edgelint/edgelint/baseline"
	"github.com/edgelint/edgelint/config"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/report"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// Exit statuses.
const (
	exitOK       = 0 // no finding reached --fail-on
	exitFindings = 1 // a finding reached --fail-on
	exitError    = 2 // usage error, or an input could not be read or parsed
)

// app is the command with its dependencies, replaceable in tests.
type app struct {
	stdout, stderr io.Writer
	analyze        func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error)
	rules          func() []*rules.Rule
	getenv         func(string) string
	environ        func() []string
	isTerminal     func(io.Writer) bool

	// ctx is the command's: done on an interrupt. Nil is
	// context.Background.
	ctx context.Context
}

// run executes the command line args (without the program name) and
// returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	// An interrupt (Ctrl-C) or a termination stops the analysis, which
	// then reports nothing; a second one, with the default handling
	// restored, ends the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	a := &app{
		stdout: stdout, stderr: stderr,
		ctx:        ctx,
		analyze:    engine.RunContext,
		rules:      rules.All,
		getenv:     os.Getenv,
		environ:    os.Environ,
		isTerminal: isTerminal,
	}
	return a.run(args)
}

// context is the command's context.
func (a *app) context() context.Context {
	if a.ctx == nil {
		return context.Background()
	}
	return a.ctx
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// commands are the subcommand names; any other first word is a path.
var commands = map[string]func(a *app, args []string) int{
	"inspect": (*app).inspect,
	"rules":   (*app).listRules,
	"explain": (*app).explain,
	"version": (*app).printVersion,
	"help":    (*app).help,
	"lsp":     (*app).lsp,
	"trace":   (*app).traceCmd,
}

func (a *app) run(args []string) int {
	// The subcommand is the first positional argument before any "--",
	// wherever flags are.
	lo := &lintOptions{}
	fs := lo.flagSet()
	flags, _, i := splitArgs(fs, args)
	if versionFlag(fs, flags) {
		return a.printVersion(nil)
	}
	if i >= 0 {
		if cmd, ok := commands[args[i]]; ok {
			rest := append(append([]string(nil), args[:i]...), args[i+1:]...)
			return cmd(a, rest)
		}
	}
	return a.lint(args)
}

// usageHint follows every usage error.
const usageHint = `Run "edgelint --help" for usage.`

// errorf reports a problem on stderr, on one line: what it echoes (an
// argument, a path, a configuration value) has its control characters
// escaped, so that it cannot start a line of its own.
func (a *app) errorf(format string, args ...any) {
	fmt.Fprintf(a.stderr, "edgelint: %s\n", safetext.Escape(fmt.Sprintf(format, args...)))
}

// usageError reports a command-line mistake and returns exitError.
func (a *app) usageError(format string, args ...any) int {
	a.errorf(format, args...)
	fmt.Fprintln(a.stderr, usageHint)
	return exitError
}

// parse parses args with fs; done is true when run should return code
// (help was shown or the flags are wrong).
func (a *app) parse(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	positional, err := parseFlags(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(a.stdout, usage)
		return nil, exitOK, true
	case err != nil:
		return nil, a.usageError("%s", flagError(err)), true
	}
	return positional, 0, false
}

// inputOptions are the flags that shape what the engine reads.
type inputOptions struct {
	varFiles   stringList
	vars       keyValues
	params     keyValues
	configPath string
	noConfig   bool
	// root is the boundary of what is read (--root); empty for the
	// repository holding the paths (engine.Boundary).
	root string
	// model keeps the whole model (inspect prints it).
	model bool
}

func (o *inputOptions) register(fs *flag.FlagSet) {
	o.vars.what, o.params.what = "NAME=VALUE", "KEY=VALUE"
	fs.Var(&o.varFiles, "var-file", "")
	fs.Var(&o.vars, "var", "")
	fs.Var(&o.params, "parameter", "")
	fs.StringVar(&o.configPath, "config", "", "")
	fs.BoolVar(&o.noConfig, "no-config", false, "")
	fs.StringVar(&o.root, "root", "", "")
}

// loadConfigFile reads the configuration file at path for an analysis of
// paths. One named by --config is read wherever it is. One found from the
// paths upward is the scanned repository's: it, and the var-files any
// configuration lists, are read only inside the boundary, widened to the
// directory the file was found in when that lies above it (config.Find
// stops at the repository root).
func (o *inputOptions) loadConfigFile(path string, paths []string) (*config.Config, error) {
	root := o.boundary(paths)
	if dir, err := filepath.Abs(filepath.Dir(path)); err == nil && o.configPath == "" {
		if r, err := filepath.Abs(root); err == nil {
			if rel, err := filepath.Rel(dir, r); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				root = dir // found above the boundary
			}
		}
	}
	return config.LoadFrom(vfs.Confined(nil, root), path, o.configPath != "")
}

// boundary is the directory edgelint reads under for paths: --root, else
// the repository holding them.
func (o *inputOptions) boundary(paths []string) string {
	if o.root != "" {
		return o.root
	}
	return engine.Boundary(paths)
}

// engineOptions are the flags' engine options, without a configuration
// file.
func (o *inputOptions) engineOptions() engine.Options { return o.engineOptionsWith(nil) }

// engineOptionsWith merges the configuration file (cfg, nil for none) and
// the flags; the flags win.
func (o *inputOptions) engineOptionsWith(cfg *config.Config) engine.Options {
	opts := engine.Options{VarFiles: o.varFiles, Vars: o.vars.values(), Parameters: o.params.values(), Config: cfg, Model: o.model, Root: o.root}
	if cfg == nil {
		return opts
	}
	// The configuration's var-files come first; they are read only
	// inside the boundary, the flags' wherever they are.
	opts.ConfigVarFiles = cfg.Terraform.VarFiles
	opts.Vars = overlay(cfg.Terraform.Vars, opts.Vars)
	opts.Parameters = overlay(cfg.CloudFormation.Parameters, opts.Parameters)
	return opts
}

// overlay returns base with over's entries put over it.
func overlay(base, over map[string]string) map[string]string {
	if len(base) == 0 {
		return over
	}
	out := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// loadConfig reads the configuration file: --config, else .edgelint.yaml
// found from the first PATH upward (see config.Find); none with
// --no-config. done is true when run should return code.
func (a *app) loadConfig(o *inputOptions, paths []string) (cfg *config.Config, code int, done bool) {
	if o.noConfig {
		if o.configPath != "" {
			return nil, a.usageError("--config and --no-config exclude each other"), true
		}
		return nil, 0, false
	}
	path := o.configPath
	if path == "" {
		start := "."
		if len(paths) > 0 {
			start = paths[0]
			if info, err := os.Stat(start); err != nil || !info.IsDir() {
				start = filepath.Dir(start)
			}
		}
		found, err := config.Find(start)
		if err != nil {
			a.errorf("%v", err)
			return nil, exitError, true
		}
		if found == "" {
			return nil, 0, false
		}
		path = found
	}
	cfg, err := o.loadConfigFile(path, paths)
	if err != nil {
		if probs := config.Problems(err); len(probs) > 0 {
			for _, p := range probs {
				a.errorf("%v", p)
			}
		} else {
			a.errorf("%v", err)
		}
		return nil, exitError, true
	}
	return cfg, 0, false
}

type lintOptions struct {
	inputOptions
	format    *choice
	failOn    *choice
	color     *choice
	noSummary bool
	// changed makes the PATHs the files a commit changes: the units they
	// belong to under the current directory are analyzed.
	changed bool
	// baseline reports only findings it does not hold; writeBaseline
	// records today's findings instead of failing on them.
	baseline, writeBaseline string
	// fix makes the certain fixes in the files, then reports what is
	// left; diff prints them as a unified diff instead.
	fix, diff bool
	// output is the file the report is written to; empty for standard
	// output.
	output string
	// rules are the rules --enable and --disable turn on and off.
	rules ruleSelection
	// failOnEmpty makes a run that finds nothing to analyze fail.
	failOnEmpty bool
}

func (o *lintOptions) flagSet() *flag.FlagSet {
	fs := newFlagSet("edgelint")
	o.format = newChoice("text", report.Formats()...)
	o.failOn = newChoice("error", "error", "warning", "info")
	o.color = newChoice("auto", "auto", "always", "never")
	fs.Var(o.format, "format", "")
	fs.Var(o.failOn, "fail-on", "")
	fs.Var(o.color, "color", "")
	fs.BoolVar(&o.noSummary, "no-summary", false, "")
	fs.BoolVar(&o.changed, "changed-files", false, "")
	fs.StringVar(&o.baseline, "baseline", "", "")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "")
	fs.BoolVar(&o.fix, "fix", false, "")
	fs.BoolVar(&o.diff, "diff", false, "")
	fs.StringVar(&o.output, "output", "", "")
	fs.Var(&o.rules.enable, "enable", "")
	fs.BoolVar(&o.failOnEmpty, "fail-on-empty", false, "")
	fs.Var(&o.rules.disable, "disable", "")
	o.register(fs)
	return fs
}

// lint analyzes paths and reports findings: the default command.
func (a *app) lint(args []string) int {
	o := &lintOptions{}
	fs := o.flagSet()
	paths, code, done := a.parse(fs, args)
	if done {
		return code
	}
	if o.baseline != "" && o.writeBaseline != "" {
		return a.usageError("--baseline and --write-baseline exclude each other")
	}
	if o.fix && o.diff {
		return a.usageError("--fix and --diff exclude each other")
	}
	if (o.fix || o.diff) && o.writeBaseline != "" {
		return a.usageError("--write-baseline excludes --fix and --diff")
	}
	enable, disable, err := o.rules.resolve(a.rules())
	if err != nil {
		return a.usageError("%v", err)
	}
	a.tuneGC()
	var only []string
	if o.changed {
		if len(paths) == 0 {
			return exitOK
		}
		// Deleted files count: their unit changed too.
		only, paths = paths, []string{"."}
	}
	cfg, code, done := a.loadConfig(&o.inputOptions, paths)
	if done {
		return code
	}
	cfg = withRules(cfg, enable, disable)
	res, code, done := a.analyzePaths(paths, &o.inputOptions, only, cfg)
	if done {
		return code
	}
	// A run on changed files that belong to no unit is normal (a commit
	// that changes only documentation); a scan that finds nothing is
	// said to be one.
	empty := len(only) == 0 && foundNothing(res)
	if empty {
		shown := paths
		if len(shown) == 0 {
			shown = []string{"."}
		}
		a.errorf("no Terraform module or CloudFormation template under %s", strings.Join(shown, ", "))
	}
	if o.writeBaseline != "" {
		return a.writeBaseline(o.writeBaseline, res)
	}
	baselined, code, done := a.filterBaseline(o, res)
	if done {
		return code
	}
	base, _ := os.Getwd()
	if o.diff || o.fix {
		if res.HasErrors() {
			// A file that did not parse may hold what a fix would
			// break; nothing is changed.
			a.errorf("not fixing: an input could not be read or parsed")
		} else {
			fsys := vfs.Confined(nil, o.boundary(paths))
			if o.diff {
				return a.printDiff(res.Findings, fsys, base)
			}
			if !a.applyFixes(res.Findings, fsys) {
				return exitError
			}
			// What is left is what a new analysis of the fixed files
			// finds.
			if res, code, done = a.analyzePaths(paths, &o.inputOptions, only, cfg); done {
				return code
			}
			if baselined, code, done = a.filterBaseline(o, res); done {
				return code
			}
		}
	}
	ropts := report.Options{
		TextOptions: report.TextOptions{Color: a.useColor(o.color.value), Summary: !o.noSummary, Baselined: baselined},
		CIOptions:   report.CIOptions{Version: versionString(), BaseDir: base},
	}
	if code, done := a.writeReport(o, res, ropts); done {
		return code
	}
	if res.HasErrors() {
		a.reportInputErrors(res)
		return exitError
	}
	failOn := o.failOn.value
	if cfg != nil && cfg.FailOn != "" && !flagSet(fs, "fail-on") {
		failOn = string(cfg.FailOn)
	}
	if reaches(res, rules.Severity(failOn)) {
		return exitFindings
	}
	if empty && (o.failOnEmpty || cfg != nil && cfg.FailOnEmpty) {
		return exitFindings
	}
	return exitOK
}

// foundNothing reports whether a run read no Terraform module or
// CloudFormation template: no file made the model and none was reported
// unreadable or unparsable.
func foundNothing(res *engine.Result) bool {
	return (res.Config == nil || len(res.Config.Files) == 0) && len(res.Errors) == 0
}

// reaches reports whether a finding of res, or a warning about a
// suppression comment, is at or above severity failOn.
func reaches(res *engine.Result, failOn rules.Severity) bool {
	threshold := failOn.Rank()
	for _, f := range res.Findings {
		sev := f.Severity
		if sev == "" {
			sev = rules.Error
		}
		if sev.Rank() >= threshold {
			return true
		}
	}
	for _, e := range res.Errors {
		if e.Suppression && rules.Severity(e.Severity).Rank() >= threshold {
			return true
		}
	}
	return false
}

// writeReport writes the report in the chosen format to standard output,
// or to the --output file; then, unless --no-summary, the summary line
// goes to standard error, for the person watching the run.
func (a *app) writeReport(o *lintOptions, res *engine.Result, ropts report.Options) (code int, done bool) {
	if o.output == "" {
		resume := a.stopCommands(a.stdout, o.format.value)
		err := report.Write(o.format.value, a.stdout, res, ropts)
		resume()
		if err != nil {
			a.errorf("writing the report: %v", err)
			return exitError, true
		}
		return 0, false
	}
	// The file is a report for a program (SARIF upload, a CI
	// artifact): no colour, and no GitHub Actions markers.
	ropts.Color = false
	var buf bytes.Buffer
	if err := report.Write(o.format.value, &buf, res, ropts); err != nil {
		a.errorf("writing the report: %v", err)
		return exitError, true
	}
	if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
		a.errorf("--output %s", statError(o.output, err))
		return exitError, true
	}
	if !o.noSummary {
		fmt.Fprintf(a.stderr, "%s\n", safetext.Escape(report.Summary(res, ropts.Baselined)))
		a.errorf("wrote the %s report to %s", o.format.value, o.output)
	}
	return 0, false
}

// filterBaseline removes the findings the --baseline file records and
// returns how many it removed.
func (a *app) filterBaseline(o *lintOptions, res *engine.Result) (hidden, code int, done bool) {
	if o.baseline == "" {
		return 0, 0, false
	}
	b, err := baseline.Read(o.baseline)
	if err != nil {
		a.errorf("--baseline %v", err)
		return 0, exitError, true
	}
	res.Findings, hidden = b.Filter(baseline.Displayed(res.Findings, res.Config.Symbols))
	return hidden, 0, false
}

// analyzePaths checks the inputs exist and runs the engine.
func (a *app) analyzePaths(paths []string, o *inputOptions, only []string, cfg *config.Config) (*engine.Result, int, bool) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	missing := false
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			a.errorf("%s", statError(p, err))
			missing = true
		}
	}
	for _, f := range o.varFiles {
		if _, err := os.Stat(f); err != nil {
			a.errorf("--var-file %s", statError(f, err))
			missing = true
		}
	}
	if o.root != "" {
		if info, err := os.Stat(o.root); err != nil {
			a.errorf("--root %s", statError(o.root, err))
			missing = true
		} else if !info.IsDir() {
			a.errorf("--root %s: not a directory", o.root)
			missing = true
		}
	}
	if missing {
		fmt.Fprintln(a.stderr, usageHint)
		return nil, exitError, true
	}
	opts := o.engineOptionsWith(cfg)
	opts.Only = only
	// A commit is made of tracked files: list them from the git index
	// rather than walk the whole tree.
	opts.GitIndex = len(only) > 0
	if opts.GitIndex {
		opts.CacheDir = a.cacheDir()
	}
	opts.EnvVars = a.tfVarEnv()
	if a.getenv != nil {
		opts.Workspace = a.getenv("TF_WORKSPACE")
	}
	ctx := a.context()
	res, err := a.analyze(ctx, paths, opts)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			a.errorf("interrupted: the analysis was stopped before it ended, and nothing is reported")
		} else {
			a.errorf("%v", err)
		}
		return nil, exitError, true
	}
	if res == nil {
		res = &engine.Result{}
	}
	return res, 0, false
}

// statError describes why path cannot be used.
func statError(path string, err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return path + ": no such file or directory"
	case errors.Is(err, os.ErrPermission):
		return path + ": permission denied"
	}
	return err.Error()
}

// reportInputErrors says on stderr why the exit status is 2.
func (a *app) reportInputErrors(res *engine.Result) {
	files := map[string]bool{}
	for _, e := range res.Errors {
		if e.IsError() {
			files[e.Range.File] = true
		}
	}
	if len(files) == 1 {
		a.errorf("1 input could not be read or parsed")
		return
	}
	a.errorf("%d inputs could not be read or parsed", len(files))
}

// useColor decides whether text output is coloured: always, never, or (auto)
// when standard output is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb".
func (a *app) useColor(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb" && a.isTerminal(a.stdout)
}

// inspect prints the model edgelint builds from the inputs.
func (a *app) inspect(args []string) int {
	var o inputOptions
	fs := newFlagSet("edgelint inspect")
	format := newChoice(report.FormatText, report.FormatText, report.FormatJSON)
	fs.Var(format, "format", "")
	o.register(fs)
	paths, code, done := a.parse(fs, args)
	if done {
		return code
	}
	cfg, code, done := a.loadConfig(&o, paths)
	if done {
		return code
	}
	o.model = true
	res, code, done := a.analyzePaths(paths, &o, nil, cfg)
	if done {
		return code
	}
	resume := a.stopCommands(a.stdout, format.value)
	err := report.Inspect(a.stdout, res.Config, format.value)
	resume()
	if err != nil {
		a.errorf("writing the model: %v", err)
		return exitError
	}
	if len(res.Errors) > 0 {
		// Input errors go to stderr so stdout stays one document.
		inputErrs := &engine.Result{Config: res.Config, Errors: res.Errors}
		resume := a.stopCommands(a.stderr, report.FormatText)
		err := report.Text(a.stderr, inputErrs, report.TextOptions{})
		resume()
		if err != nil {
			return exitError
		}
	}
	if res.HasErrors() {
		a.reportInputErrors(res)
		return exitError
	}
	return exitOK
}

// listRules prints the rule table.
func (a *app) listRules(args []string) int {
	fs := newFlagSet("edgelint rules")
	format := newChoice("text", "text", "json")
	fs.Var(format, "format", "")
	extra, code, done := a.parse(fs, args)
	if done {
		return code
	}
	if len(extra) > 0 {
		return a.usageError("rules takes no arguments, got %q", strings.Join(extra, " "))
	}
	all := a.rules()
	if format.value == "json" {
		type ruleJSON struct {
			Code     string `json:"code"`
			Name     string `json:"name"`
			Severity string `json:"severity"`
			Summary  string `json:"summary"`
			DocURL   string `json:"doc_url"`
		}
		out := make([]ruleJSON, 0, len(all))
		for _, r := range all {
			out = append(out, ruleJSON{r.Code, r.Name, string(r.Severity), r.Summary, r.DocURL()})
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			a.errorf("%v", err)
			return exitError
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tSEVERITY\tSUMMARY")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Severity, r.Summary)
	}
	if err := tw.Flush(); err != nil {
		a.errorf("%v", err)
		return exitError
	}
	return exitOK
}

// explain prints a rule's documentation.
func (a *app) explain(args []string) int {
	fs := newFlagSet("edgelint explain")
	names, code, done := a.parse(fs, args)
	if done {
		return code
	}
	all := a.rules()
	if len(names) != 1 {
		return a.usageError("explain takes one rule code or name (%s)", ruleList(all))
	}
	r := findRule(all, names[0])
	if r == nil {
		return a.usageError("unknown rule %q; rules: %s", names[0], ruleList(all))
	}
	doc := r.Doc
	if !strings.HasSuffix(doc, "\n") {
		doc += "\n"
	}
	if _, err := io.WriteString(a.stdout, doc); err != nil {
		a.errorf("%v", err)
		return exitError
	}
	return exitOK
}

func ruleList(all []*rules.Rule) string {
	parts := make([]string, 0, len(all))
	for _, r := range all {
		parts = append(parts, r.Code+" "+r.Name)
	}
	return strings.Join(parts, ", ")
}

// help prints the usage.
func (a *app) help([]string) int {
	fmt.Fprint(a.stdout, usage)
	return exitOK
}

// tfVarEnv collects the TF_VAR_<name> environment variables Terraform reads.
func (a *app) tfVarEnv() map[string]string {
	if a.environ == nil {
		return nil
	}
	var out map[string]string
	for _, kv := range a.environ() {
		k, v, ok := strings.Cut(kv, "=")
		if name, found := strings.CutPrefix(k, "TF_VAR_"); ok && found && name != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	return out
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// writeBaseline records res's findings in path, relative to its
// directory, and says so on stderr.
func (a *app) writeBaseline(path string, res *engine.Result) int {
	var buf bytes.Buffer
	if err := baseline.Write(&buf, baseline.Displayed(res.Findings, res.Config.Symbols), filepath.Dir(path)); err != nil {
		a.errorf("writing the baseline: %v", err)
		return exitError
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		a.errorf("writing the baseline: %v", err)
		return exitError
	}
	a.errorf("wrote %d findings to baseline %s", len(res.Findings), path)
	if res.HasErrors() {
		a.reportInputErrors(res)
		return exitError
	}
	return exitOK
}

// cacheDir is where runs on changed files keep what they may reuse:
// $EDGELINT_CACHE_DIR ("off" for none), else edgelint's directory in the
// user's cache directory.
func (a *app) cacheDir() string {
	if a.getenv != nil {
		switch d := a.getenv("EDGELINT_CACHE_DIR"); d {
		case "off":
			return ""
		case "":
		default:
			return d
		}
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "edgelint")
}
