package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/config"
	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/lsp"
)

// stdin is what the language server reads; tests replace it.
var stdin io.Reader = os.Stdin

// lsp runs the language server on standard input and output until the
// client sends exit.
func (a *app) lsp(args []string) int {
	var o inputOptions
	fs := newFlagSet("edgelint lsp")
	o.register(fs)
	// Editors' generic clients commonly pass --stdio; standard input and
	// output are the only transport.
	fs.Bool("stdio", true, "")
	extra, code, done := a.parse(fs, args)
	if done {
		return code
	}
	if len(extra) > 0 {
		return a.usageError("lsp takes no arguments, got %q", strings.Join(extra, " "))
	}
	for i, f := range o.varFiles {
		if _, err := os.Stat(f); err != nil {
			return a.usageError("--var-file %s", statError(f, err))
		}
		// The server analyzes absolute paths; a relative file is the
		// command's.
		if abs, err := filepath.Abs(f); err == nil {
			o.varFiles[i] = abs
		}
	}
	a.tuneGC()
	opts := o.engineOptions()
	opts.EnvVars = a.tfVarEnv()
	if a.getenv != nil {
		opts.Workspace = a.getenv("TF_WORKSPACE")
	}
	srv := &lsp.Server{
		Analyze: func(ctx context.Context, paths []string, opts engine.Options) (*engine.Result, error) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			// The project's .edgelint.yaml, read at every analysis so
			// that editing it takes effect.
			cfg, err := lspConfig(&o, paths)
			if err != nil {
				return nil, err
			}
			if cfg != nil {
				merged := o.engineOptionsWith(cfg)
				opts.Config, opts.VarFiles, opts.ConfigVarFiles, opts.Vars, opts.Parameters = cfg, merged.VarFiles, merged.ConfigVarFiles, merged.Vars, merged.Parameters
			}
			return a.analyze(ctx, paths, opts)
		},
		Options: opts,
		Version: versionString(),
		Log:     a.stderr,
	}
	return srv.Serve(stdin, nopWriteCloser{a.stdout})
}

// lspConfig loads the configuration for an analysis of paths: --config,
// else the .edgelint.yaml found from the first path upward; none with
// --no-config.
func lspConfig(o *inputOptions, paths []string) (*config.Config, error) {
	if o.noConfig {
		return nil, nil
	}
	path := o.configPath
	if path == "" && len(paths) > 0 {
		found, err := config.Find(paths[0])
		if err != nil || found == "" {
			return nil, err
		}
		path = found
	}
	if path == "" {
		return nil, nil
	}
	return o.loadConfigFile(path, paths)
}

// nopWriteCloser is a writer whose Close does nothing: standard output
// stays open for the process.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
