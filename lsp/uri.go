package lsp

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/edgelint/edgelint/engine"
)

// uriToPath returns the absolute, cleaned file path of a file:// URI; ok is
// false for any other URI (an unsaved "untitled:" buffer, a malformed URI).
func uriToPath(u DocumentURI) (path string, ok bool) {
	parsed, err := url.Parse(string(u))
	if err != nil || !strings.EqualFold(parsed.Scheme, "file") || parsed.Path == "" {
		return "", false
	}
	p := parsed.Path
	if parsed.Host != "" && !strings.EqualFold(parsed.Host, "localhost") {
		p = "//" + parsed.Host + p // a UNC path
	}
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/dir → C:/dir
	}
	p = filepath.Clean(filepath.FromSlash(p))
	if !filepath.IsAbs(p) {
		return "", false
	}
	return p, true
}

// pathToURI returns the file:// URI of an absolute path.
func pathToURI(path string) DocumentURI {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	return DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}

// unitKey names the analysis a change to path triggers: the Terraform
// module directory for a .tf file or a variables file the module loads
// (terraform.tfvars, *.auto.tfvars), the file itself otherwise. A newer
// analysis of a key supersedes an older one.
func unitKey(path string) string {
	if engine.ModuleFile(path) {
		return filepath.Dir(path)
	}
	return path
}

// within reports whether path is dir or lies under it.
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
