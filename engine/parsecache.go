package engine

import (
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/parsers/terraform"
)

// ParseCache keeps parsed files between the runs it is passed to
// (Options.ParseCache): a language server passes one to every run, so
// that a file that did not change is not parsed again. A file is parsed
// again when its content changes. It is safe for concurrent runs.
type ParseCache struct {
	terraform *terraform.FileCache
}

// NewParseCache returns an empty cache, for every file of every run.
func NewParseCache() *ParseCache {
	return &ParseCache{terraform: terraform.NewFileCacheAll()}
}

// ModuleFile reports whether a file, by its path, belongs to the unit of
// the directory holding it, a Terraform module: a configuration file
// (.tf, .tf.json) or a variables file the module loads (terraform.tfvars,
// *.auto.tfvars). Any other file is a unit of its own, when it is one.
func ModuleFile(path string) bool {
	return strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tf.json") || terraform.IsVarsFile(filepath.Base(path))
}
