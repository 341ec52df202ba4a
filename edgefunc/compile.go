package edgefunc

import (
	"errors"
	"reflect"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"

	"github.com/edgelint/edgelint/internal/lazyre"
)

// codeError is an error of the function's code, with its line.
type codeError struct {
	msg  string
	line int
}

func (e *codeError) Error() string { return e.msg }

func errResult(err error) Result {
	var ce *codeError
	if errors.As(err, &ce) {
		return Result{Outcome: Failed, Static: true, Reason: ce.msg, Line: ce.line}
	}
	return Result{Outcome: Failed, Static: true, Reason: err.Error()}
}

// programs caches compiled functions by runtime and code: the rules run
// one function on many paths. It is cleared when it grows past maxPrograms.
var (
	progMu   sync.Mutex
	programs = map[progKey]progEntry{}
)

const maxPrograms = 256

type progKey struct{ runtime, code string }

type progEntry struct {
	prog *goja.Program
	err  error
}

func compile(code, runtime string) (*goja.Program, error) {
	k := progKey{runtime, code}
	progMu.Lock()
	e, ok := programs[k]
	progMu.Unlock()
	if ok {
		return e.prog, e.err
	}
	e.prog, e.err = compileUncached(code, runtime)
	progMu.Lock()
	if len(programs) >= maxPrograms {
		programs = map[progKey]progEntry{}
	}
	programs[k] = e
	progMu.Unlock()
	return e.prog, e.err
}

// importRe matches a default import of a module CloudFront offers
// (cloudfront-js-2.0): "import cf from 'cloudfront';".
var importRe = lazyre.New(`(?m)^([ \t]*)import[ \t]+([A-Za-z_$][A-Za-z0-9_$]*)[ \t]+from[ \t]+(['"])([a-z]+)(['"])[ \t]*;?`)

func compileUncached(code, runtime string) (*goja.Program, error) {
	src := code
	if runtime == "cloudfront-js-2.0" {
		// goja reads scripts, not modules: a default import becomes a
		// require of the same module on the same line.
		re := importRe()
		src = re.ReplaceAllStringFunc(src, func(m string) string {
			sm := re.FindStringSubmatch(m)
			if sm[3] != sm[5] {
				return m
			}
			return sm[1] + "var " + sm[2] + " = require(" + sm[3] + sm[4] + sm[5] + ");"
		})
	}
	prg, err := parser.ParseFile(nil, "function.js", src, 0)
	if err != nil {
		return nil, parseError(err)
	}
	if runtime == "cloudfront-js-1.0" {
		if err := check10(prg); err != nil {
			return nil, err
		}
	}
	p, err := goja.CompileAST(prg, true)
	if err != nil {
		return nil, &codeError{msg: "the function's code does not compile: " + err.Error()}
	}
	return p, nil
}

func parseError(err error) error {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		return &codeError{msg: "syntax error: " + e.Message, line: e.Position.Line}
	}
	return &codeError{msg: "syntax error: " + err.Error()}
}

// check10 rejects what cloudfront-js-1.0 does not accept although goja
// does: const and let declarations and async functions (CloudFront
// Developer Guide, "JavaScript runtime 1.0 features for CloudFront
// Functions": "The const and let statements are not supported";
// async/await is a 2.0 feature,
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-10.html).
func check10(prg *ast.Program) error {
	var found error
	fset := prg.File
	at := func(idx file.Idx, what string) {
		if found != nil {
			return
		}
		line := 0
		if fset != nil {
			line = fset.Position(int(idx) - fset.Base()).Line
		}
		found = &codeError{msg: "syntax error: " + what + " is not supported by cloudfront-js-1.0 (use cloudfront-js-2.0)", line: line}
	}
	walk(reflect.ValueOf(prg), 0, func(n any) {
		switch x := n.(type) {
		case *ast.LexicalDeclaration:
			at(x.Idx, strings.ToLower(x.Token.String()))
		case *ast.ForLoopInitializerLexicalDecl:
			at(x.LexicalDeclaration.Idx, strings.ToLower(x.LexicalDeclaration.Token.String()))
		case *ast.ForDeclaration:
			at(x.Idx, declWord(x.IsConst))
		case *ast.FunctionLiteral:
			if x.Async {
				at(x.Function, "async")
			}
		case *ast.ArrowFunctionLiteral:
			if x.Async {
				at(x.Start, "async")
			}
		case *ast.AwaitExpression:
			at(x.Await, "await")
		}
	})
	return found
}

func declWord(isConst bool) string {
	if isConst {
		return "const"
	}
	return "let"
}

var nodeType = reflect.TypeOf((*ast.Node)(nil)).Elem()

// walk visits every AST node under v, depth first. depth bounds the
// recursion (the parser already bounds the nesting of what it reads).
func walk(v reflect.Value, depth int, visit func(any)) {
	if depth > 10000 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Type().Implements(nodeType) {
			visit(v.Interface())
		}
		if v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem() != reflect.TypeOf(file.File{}) {
			walk(v.Elem(), depth+1, visit)
		}
	case reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), depth+1, visit)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i), depth+1, visit)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), depth+1, visit)
		}
	}
}
