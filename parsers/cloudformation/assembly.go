package cloudformation

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/vfs"
)

// A CDK cloud assembly (cdk.out) is a directory whose manifest.json lists
// the stacks the app synthesized, each with its template file. Its asset
// directories (asset.*: Lambda code, bundled files) hold no template and
// are not read; the stacks' templates are read with their stack names.

// assembly is what a cloud assembly's manifest says.
type assembly struct {
	dir string
	// stacks maps a template file (joined to dir) to its stack name.
	stacks map[string]string
}

type manifest struct {
	Artifacts map[string]struct {
		Type        string `json:"type"`
		DisplayName string `json:"displayName"`
		Properties  struct {
			TemplateFile  string `json:"templateFile"`
			StackName     string `json:"stackName"`
			DirectoryName string `json:"directoryName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// readAssembly reads the manifest.json at path; ok is false when it is not
// a cloud assembly manifest (or is larger than limit bytes). Nested
// assemblies (CDK stages) are read too.
func readAssembly(fsys *vfs.FS, path string, limit, depth int) (out []assembly, ok bool) {
	b, err := fsys.ReadFile(path)
	if err != nil || len(b) > limit {
		return nil, false
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || len(m.Artifacts) == 0 {
		return nil, false
	}
	dir := filepath.Dir(path)
	a := assembly{dir: dir, stacks: map[string]string{}}
	for id, art := range m.Artifacts {
		switch art.Type {
		case "aws:cloudformation:stack":
			if art.Properties.TemplateFile == "" {
				continue
			}
			name := art.Properties.StackName
			if name == "" {
				name = id
			}
			a.stacks[filepath.Join(dir, filepath.FromSlash(art.Properties.TemplateFile))] = name
		case "cdk:cloud-assembly":
			if d := art.Properties.DirectoryName; d != "" && depth < 8 {
				nested, ok := readAssembly(fsys, filepath.Join(dir, filepath.FromSlash(d), "manifest.json"), limit, depth+1)
				if ok {
					out = append(out, nested...)
				}
			}
		}
	}
	if len(a.stacks) == 0 && len(out) == 0 {
		return nil, false
	}
	return append(out, a), true
}

// CloudAssemblies drops the files inside the asset directories of the
// CDK cloud assemblies found among templates (their manifest.json files, read
// when at most limit bytes) and the assemblies' own bookkeeping files,
// and returns the stack name of each stack template.
func CloudAssemblies(fsys *vfs.FS, templates []string, limit int) (kept []string, stacks map[string]string) {
	var asms []assembly
	for _, t := range templates {
		if filepath.Base(t) == "manifest.json" {
			if a, ok := readAssembly(fsys, t, limit, 0); ok {
				asms = append(asms, a...)
			}
		}
	}
	if len(asms) == 0 {
		return templates, nil
	}
	stacks = map[string]string{}
	for _, a := range asms {
		for f, name := range a.stacks {
			stacks[f] = name
		}
	}
	for _, t := range templates {
		if inAsset(asms, t) {
			continue
		}
		kept = append(kept, t)
	}
	return kept, stacks
}

// inAsset reports whether file lies in an asset directory of one of the
// assemblies, or is an assembly's own bookkeeping file.
func inAsset(asms []assembly, file string) bool {
	for _, a := range asms {
		rel, err := filepath.Rel(a.dir, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		first := strings.Split(filepath.ToSlash(rel), "/")[0]
		if strings.HasPrefix(first, "asset.") {
			return true
		}
		switch {
		case rel == "manifest.json", rel == "tree.json", rel == "cdk.out",
			strings.HasSuffix(rel, ".assets.json"), strings.HasSuffix(rel, ".metadata.json"):
			return true
		}
	}
	return false
}
