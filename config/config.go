// Package config reads edgelint's project configuration file,
// .edgelint.yaml:
//
//	fail-on: error                 # error | warning | info
//	fail-on-empty: true            # no module or template found fails the run
//	exclude: ["examples/**"]       # globs relative to the config file's directory
//	rules:
//	  EL001: {enabled: false}      # a rule is named by code or by name
//	  method-requires-auth: {severity: warning}
//	terraform: {var-files: [prod.tfvars], vars: {stage: prod}}
//	cloudformation: {parameters: {StageName: prod}}
//
// Every key is optional and an empty file means the defaults. The file is
// read strictly: an unknown key, an unknown rule, a value of the wrong type,
// a bad value or a key written twice is an error that names the file, line
// and column, so a typo never silently turns a setting off.
//
// Command-line flags override the file: the command line decides, the file
// only supplies what the command line leaves unsaid.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// FileNames are the names a configuration file may have, in the order Find
// prefers them.
var FileNames = []string{".edgelint.yaml", ".edgelint.yml"}

// Config is a loaded configuration. The zero value (and Default) is the
// configuration of a project without a file.
type Config struct {
	// Path is the file the configuration was read from, as given to Load;
	// empty for the defaults.
	Path string
	// Dir is the directory of Path: exclude patterns and var-files are
	// relative to it.
	Dir string

	// FailOn is the lowest severity that fails the run; empty when the
	// file does not say.
	FailOn rules.Severity
	// FailOnEmpty makes a run that finds no Terraform module or
	// CloudFormation template fail (--fail-on-empty).
	FailOnEmpty bool
	// Excludes are the exclude patterns as written, slash-separated and
	// relative to Dir.
	Excludes []string
	// Rules are the per-rule settings by rule code.
	Rules map[string]RuleSetting

	Terraform      Terraform
	CloudFormation CloudFormation
}

// RuleSetting is what the file says about one rule.
type RuleSetting struct {
	// Disabled is true for `enabled: false`.
	Disabled bool
	// Severity overrides the rule's severity; empty keeps it.
	Severity rules.Severity
}

// Terraform holds the Terraform inputs.
type Terraform struct {
	// VarFiles are the var-files, resolved against the config file's
	// directory, in the order written.
	VarFiles []string
	// Vars are variable values, as --var NAME=VALUE would give them.
	Vars map[string]string
}

// CloudFormation holds the CloudFormation inputs.
type CloudFormation struct {
	// Parameters are parameter overrides, as --parameter KEY=VALUE would
	// give them.
	Parameters map[string]string
}

// Default returns the configuration used when no file is found.
func Default() *Config { return &Config{} }

// Error is a problem in a configuration file, at a position in it.
type Error struct {
	Range   model.Range
	Message string
}

func (e *Error) Error() string {
	if e.Range.Start.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Range.File, e.Range.Start.Line, e.Range.Start.Column, e.Message)
	}
	return e.Range.File + ": " + e.Message
}

// Diagnostic returns e as the model's Diagnostic, for front ends that list
// input problems together.
func (e *Error) Diagnostic() model.Diagnostic {
	return model.Diagnostic{Range: e.Range, Message: e.Message, Severity: model.SevError}
}

// Problems returns the positioned problems of an error Load or Parse
// returned, for front ends that show each one (a language server, the
// JSON report); nil when err carries none.
func Problems(err error) []*Error {
	var e *Error
	if errors.As(err, &e) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			var out []*Error
			for _, x := range j.Unwrap() {
				out = append(out, Problems(x)...)
			}
			return out
		}
		return []*Error{e}
	}
	return nil
}

// Find looks for a configuration file in startDir and then in each parent
// directory. The search ends at the first directory that holds a
// configuration file, at the root of the Git repository startDir is in (the
// first directory holding a .git entry, itself searched) or at the root of
// the file system, so a file outside the repository never applies to it.
// startDir may name a file; its directory is searched first.
//
// The path returned is relative to the working directory when startDir is
// relative, absolute otherwise; it is empty, with a nil error, when there is
// no configuration file. Two names in one directory (.edgelint.yaml and
// .edgelint.yml) are an error: which one applies would be a guess.
func Find(startDir string) (string, error) {
	if startDir == "" {
		startDir = "."
	}
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		var found []string
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			info, err := os.Stat(p)
			switch {
			case err == nil && !info.IsDir():
				found = append(found, p)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", err
			}
		}
		if len(found) > 1 {
			return "", fmt.Errorf("%s and %s both exist; keep one", displayPath(startDir, found[0]), filepath.Base(found[1]))
		}
		if len(found) == 1 {
			return displayPath(startDir, found[0]), nil
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// displayPath returns abs relative to the working directory when start was
// relative.
func displayPath(start, abs string) string {
	if filepath.IsAbs(start) {
		return abs
	}
	wd, err := os.Getwd()
	if err != nil {
		return abs
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return abs
	}
	return rel
}

// MaxSize bounds a configuration file: a larger one is an error, not read.
const MaxSize = 1 << 20

// Load reads the configuration file at path, a regular file of at most
// MaxSize bytes. Every problem in it is reported; the error is an *Error,
// or several joined with errors.Join.
func Load(path string) (*Config, error) { return LoadFrom(nil, path, true) }

// LoadFrom is Load reading through fsys. A file the user named (--config)
// is read wherever it is; one found in the scanned tree only inside
// fsys's boundary. Either way the var-files it lists are paths the
// scanned repository may supply: they are checked through fsys, and one
// resolving outside its boundary is an error.
func LoadFrom(fsys *vfs.FS, path string, named bool) (*Config, error) {
	read := fsys
	if named {
		read = nil
	}
	src, err := read.ReadFileLimit(path, MaxSize)
	if big := (*vfs.TooLargeError)(nil); errors.As(err, &big) {
		return nil, fmt.Errorf("%s: the file (%d bytes) is larger than the %d KiB limit", path, big.Size, MaxSize>>10)
	}
	if err != nil {
		return nil, err
	}
	return parse(fsys, path, src)
}

// Parse reads a configuration from src; path names it in errors and
// anchors relative paths. Var-files are checked to exist.
func Parse(path string, src []byte) (*Config, error) { return parse(nil, path, src) }

func parse(fsys *vfs.FS, path string, src []byte) (*Config, error) {
	c := &Config{Path: path, Dir: filepath.Dir(path)}
	p := &parser{file: path, src: src, cfg: c, fs: fsys}
	p.parse()
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			a, b := p.errs[i].Range.Start, p.errs[j].Range.Start
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Column < b.Column
		})
		errs := make([]error, len(p.errs))
		for i, e := range p.errs {
			errs[i] = e
		}
		if len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Enabled reports whether rule code runs.
func (c *Config) Enabled(code string) bool {
	if c == nil {
		return true
	}
	return !c.Rules[code].Disabled
}

// Severity returns the severity of rule code's findings: the file's
// override or def.
func (c *Config) Severity(code string, def rules.Severity) rules.Severity {
	if c != nil {
		if s := c.Rules[code].Severity; s != "" {
			return s
		}
	}
	return def
}

// ApplyRules drops the findings of disabled rules and gives the others the
// severity the file sets. The slice is filtered in place.
func (c *Config) ApplyRules(findings []rules.Finding) []rules.Finding {
	if c == nil || len(c.Rules) == 0 {
		return findings
	}
	out := findings[:0]
	for _, f := range findings {
		if !c.Enabled(f.Rule) {
			continue
		}
		f.Severity = c.Severity(f.Rule, f.Severity)
		out = append(out, f)
	}
	return out
}

// Exclude reports whether path (a file or directory, relative to the
// working directory or absolute) is excluded: whether it, or a directory
// above it inside the config file's directory, matches an exclude pattern.
// A path outside that directory is never excluded.
func (c *Config) Exclude(path string) bool {
	if c == nil || len(c.Excludes) == 0 {
		return false
	}
	rel, ok := c.rel(path)
	if !ok {
		return false
	}
	segs := strings.Split(rel, "/")
	for n := 1; n <= len(segs); n++ {
		for _, pat := range c.Excludes {
			if matchSegments(strings.Split(pat, "/"), segs[:n]) {
				return true
			}
		}
	}
	return false
}

// rel returns path relative to c.Dir, slash-separated, and whether it lies
// inside it.
func (c *Config) rel(path string) (string, bool) {
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return "", false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
