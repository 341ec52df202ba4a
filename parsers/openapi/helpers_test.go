package openapi

import (
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/model"
)

// decode parses a YAML (or JSON) document into a generic tree and builds a
// Locator from its node tree: the range of a key path is that of the last
// mapping key (or sequence item) found on it, spanning the key's text.
func decode(t testing.TB, file, src string) (any, Locator) {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	return doc, nodeLocator(file, &n)
}

func nodeLocator(file string, n *yaml.Node) Locator {
	rangeOf := func(n *yaml.Node) model.Range {
		w := len([]rune(n.Value))
		if n.Kind != yaml.ScalarNode {
			w = 1
		}
		return model.Range{File: file,
			Start: model.Pos{Line: n.Line, Column: n.Column},
			End:   model.Pos{Line: n.Line, Column: n.Column + w}}
	}
	return func(path ...string) model.Range {
		cur := n
		if cur.Kind == yaml.DocumentNode && len(cur.Content) > 0 {
			cur = cur.Content[0]
		}
		rng := rangeOf(cur)
		for _, k := range path {
			switch cur.Kind {
			case yaml.MappingNode:
				found := false
				for i := 0; i+1 < len(cur.Content); i += 2 {
					if cur.Content[i].Value == k {
						rng = rangeOf(cur.Content[i])
						cur = cur.Content[i+1]
						found = true
						break
					}
				}
				if !found {
					return rng
				}
			case yaml.SequenceNode:
				i, err := strconv.Atoi(k)
				if err != nil || i < 0 || i >= len(cur.Content) {
					return rng
				}
				cur = cur.Content[i]
				rng = rangeOf(cur)
			default:
				return rng
			}
		}
		return rng
	}
}

// lineOf returns the 1-based line of the first line of src containing
// needle after skipping `skip` earlier matches.
func lineOf(t testing.TB, src, needle string, skip int) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, needle) {
			if skip == 0 {
				return i + 1
			}
			skip--
		}
	}
	t.Fatalf("%q not in source", needle)
	return 0
}

const apiID = "infra:aws_api_gateway_rest_api.api"

func opts(syms *model.Symbols, kind model.APIKind, basePath string) Options {
	return Options{
		Kind:     kind,
		BasePath: basePath,
		Source:   model.Source{Format: model.FormatTerraform, Address: "aws_api_gateway_rest_api.api"},
		Syms:     syms,
		APIID:    apiID,
	}
}

// read runs Read on src and fails on an error.
func read(t testing.TB, src string, o Options) Result {
	t.Helper()
	doc, loc := decode(t, "api.yaml", src)
	res, err := Read(doc, loc, o)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return res
}

// resource finds the resource with the given path.
func resource(t testing.TB, res Result, path string) *model.Resource {
	t.Helper()
	for _, r := range res.Resources {
		if r.Path.Known && r.Path.V == path {
			return r
		}
	}
	t.Fatalf("no resource %s in %v", path, paths(res))
	return nil
}

func paths(res Result) []string {
	var out []string
	for _, r := range res.Resources {
		if r.Path.Known {
			out = append(out, r.Path.V)
		} else {
			out = append(out, "<unknown>")
		}
	}
	return out
}

// method finds a method of a resource.
func method(t testing.TB, r *model.Resource, m string) *model.Method {
	t.Helper()
	for _, x := range r.Methods {
		if x.HTTPMethod.V == m {
			return x
		}
	}
	t.Fatalf("no method %s on %s", m, r.Path.V)
	return nil
}

func methods(r *model.Resource) []string {
	var out []string
	for _, m := range r.Methods {
		out = append(out, m.HTTPMethod.V)
	}
	return out
}

// hasNote reports whether a note contains substr.
func hasNote(res Result, substr string) bool {
	for _, n := range res.Notes {
		if strings.Contains(n.Message, substr) {
			return true
		}
	}
	return false
}

func noteMessages(res Result) []string {
	var out []string
	for _, n := range res.Notes {
		out = append(out, n.Message)
	}
	return out
}

// authorizer finds an authorizer by name.
func authorizer(t testing.TB, res Result, name string) *model.Authorizer {
	t.Helper()
	for _, a := range res.Authorizers {
		if a.Name.V == name {
			return a
		}
	}
	t.Fatalf("no authorizer %s", name)
	return nil
}
