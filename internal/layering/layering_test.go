// Package layering holds the tests of edgelint's layering: which package
// may import which, and what knowledge stays out of which package.
package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const module = "github.com/edgelint/edgelint/"

type pkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	Deps       []string
}

var (
	listOnce sync.Once
	listed   []byte
	listErr  error
)

// packages lists the module's packages with go list (once for the tests).
func packages(t *testing.T) map[string]*pkg {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	listOnce.Do(func() { listed, listErr = list() })
	if listErr != nil {
		t.Fatal(listErr)
	}
	pkgs := map[string]*pkg{}
	dec := json.NewDecoder(bytes.NewReader(listed))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module)] = &p
	}
	if pkgs["engine"] == nil || pkgs["parsers/cloudformation"] == nil {
		t.Fatalf("go list did not list the module's packages: %d listed", len(pkgs))
	}
	return pkgs
}

func list() ([]byte, error) {
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w\n%s", err, stderr.String())
	}
	return out, nil
}

// format is the input format a parser package reads; "" for packages
// that are no parser, "shared" for one every format uses.
func format(path string) string {
	switch {
	case path == "parsers/terraform", path == "parsers/tfplan", path == "parsers/tfadapter",
		strings.HasPrefix(path, "parsers/terraform/"), strings.HasPrefix(path, "parsers/tfplan/"), strings.HasPrefix(path, "parsers/tfadapter/"):
		return "terraform"
	case path == "parsers/cloudformation", strings.HasPrefix(path, "parsers/cloudformation/"):
		return "cloudformation"
	case strings.HasPrefix(path, "parsers/"):
		return "shared"
	}
	return ""
}

// The parsers meet only in the model: no parser depends on another
// format's parser, nor on pathmatch (path matching is the rules'); the
// rules and the language server import no parser.
func TestLayering(t *testing.T) {
	pkgs := packages(t)
	for name, p := range pkgs {
		f := format(name)
		if f == "" {
			continue
		}
		for _, d := range p.Deps {
			d, ok := strings.CutPrefix(d, module)
			if !ok {
				continue
			}
			g := format(d)
			if g != "" && g != "shared" && f != "shared" && g != f {
				t.Errorf("%s (%s) depends on %s (%s)", name, f, d, g)
			}
			if f == "shared" && g != "" && g != "shared" {
				t.Errorf("%s, shared by every format, depends on %s (%s)", name, d, g)
			}
			if d == "pathmatch" || strings.HasPrefix(d, "pathmatch/") {
				t.Errorf("%s depends on %s", name, d)
			}
		}
	}
	for name, p := range pkgs {
		if name == "edgefunc" || strings.HasPrefix(name, "edgefunc/") {
			// The function runner reads the model only; rules, the
			// language server and trace import it.
			for _, d := range p.Deps {
				if d, ok := strings.CutPrefix(d, module); ok && format(d) != "" {
					t.Errorf("%s depends on the parser %s", name, d)
				}
			}
			continue
		}
		if name != "rules" && !strings.HasPrefix(name, "rules/") && name != "lsp" {
			continue
		}
		for _, d := range p.Imports {
			if d, ok := strings.CutPrefix(d, module); ok && format(d) != "" {
				t.Errorf("%s imports the parser %s", name, d)
			}
		}
	}
}

// cloudFormationWords are the words of CloudFormation templates: the
// engine reads templates only through parsers/cloudformation.
var cloudFormationWords = []string{
	"AWSTemplateFormatVersion", "AWS::", "Fn::", "ImportValue", "Export", "Resources",
	"Outputs", "Transform", "Metadata", "manifest.json", "cdk.out",
}

// The engine holds no knowledge of CloudFormation's text: no string
// constant of its code names a template key or resource type.
func TestEngineFormatNeutral(t *testing.T) {
	p := packages(t)["engine"]
	fset := token.NewFileSet()
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, w := range cloudFormationWords {
				if strings.Contains(s, w) {
					t.Errorf("%s: the engine names CloudFormation's %q", fset.Position(lit.Pos()), w)
				}
			}
			return true
		})
	}
}

// Every diagnostic the code writes says its severity: none is left empty
// for a reader to guess (model.Diagnostic).
func TestDiagnosticsHaveSeverity(t *testing.T) {
	pkgs := packages(t)
	fset := token.NewFileSet()
	checked := 0
	for _, p := range pkgs {
		for _, name := range p.GoFiles {
			path := filepath.Join(p.Dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte("Diagnostic")) {
				continue
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			inModel := f.Name.Name == "model"
			isDiag := func(e ast.Expr) bool {
				switch e := e.(type) {
				case *ast.Ident:
					return inModel && e.Name == "Diagnostic"
				case *ast.SelectorExpr:
					x, ok := e.X.(*ast.Ident)
					return ok && x.Name == "model" && e.Sel.Name == "Diagnostic"
				}
				return false
			}
			check := func(cl *ast.CompositeLit) {
				checked++
				for _, el := range cl.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Severity" {
							return
						}
					}
				}
				if len(cl.Elts) == 0 {
					return // the zero value, filled in afterwards
				}
				t.Errorf("%s: a diagnostic without a severity", fset.Position(cl.Pos()))
			}
			ast.Inspect(f, func(n ast.Node) bool {
				cl, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				if cl.Type != nil && isDiag(cl.Type) {
					check(cl)
				}
				var elem ast.Expr
				switch tt := cl.Type.(type) {
				case *ast.ArrayType:
					elem = tt.Elt
				case *ast.Ident:
					if inModel && tt.Name == "Diagnostics" {
						elem = &ast.Ident{Name: "Diagnostic"}
					}
				case *ast.SelectorExpr:
					if x, ok := tt.X.(*ast.Ident); ok && x.Name == "model" && tt.Sel.Name == "Diagnostics" {
						elem = &ast.SelectorExpr{X: x, Sel: &ast.Ident{Name: "Diagnostic"}}
					}
				}
				if elem != nil && isDiag(elem) {
					for _, el := range cl.Elts {
						if c, ok := el.(*ast.CompositeLit); ok && c.Type == nil {
							check(c)
						}
					}
				}
				return true
			})
		}
	}
	if checked < 20 {
		t.Fatalf("only %d diagnostics written found: the test reads nothing", checked)
	}
}
