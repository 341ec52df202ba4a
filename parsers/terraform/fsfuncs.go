package terraform

import (
	"crypto/md5"  //nolint:gosec // Terraform's filemd5 is MD5
	"crypto/sha1" //nolint:gosec // Terraform's filesha1 is SHA-1
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/edgelint/edgelint/internal/nesting"
	"github.com/edgelint/edgelint/vfs"
)

// Limits of the filesystem functions.
const (
	maxFileSize  = 16 << 20 // bytes read by file() and friends
	maxFilesWalk = 10000    // entries visited by fileset()
)

// sandbox confines the filesystem functions to the scanned root. Relative
// paths are resolved against the module directory, as Terraform resolves
// them against the working directory of the root module. The absolute
// paths are found when first needed: most modules never use them.
type sandbox struct {
	dir, rootArg string
	fs           *vfs.FS

	once sync.Once
	b, r string // module directory, absolute; scanned root, absolute with symlinks resolved
}

func newSandbox(dir, root string, fsys *vfs.FS) *sandbox {
	return &sandbox{dir: dir, rootArg: root, fs: fsys}
}

func (s *sandbox) init() {
	s.once.Do(func() {
		var err error
		if s.b, err = filepath.Abs(s.dir); err != nil {
			s.b = s.dir
		}
		root := s.rootArg
		if root == "" {
			root = s.dir
		}
		if s.r, err = filepath.Abs(root); err != nil {
			s.r = root
		}
		if resolved, err := filepath.EvalSymlinks(s.r); err == nil {
			s.r = resolved
		}
	})
}

// base is the module directory, absolute.
func (s *sandbox) base() string {
	s.init()
	return s.b
}

// root is the scanned root, absolute with symlinks resolved.
func (s *sandbox) root() string {
	s.init()
	return s.r
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve returns the resolved path of p, or an error when p does not exist or
// lies outside the root.
func (s *sandbox) resolve(p string) (string, error) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.base(), p)
	}
	p = filepath.Clean(p)
	if s.fs.Overlaid(p) && within(s.root(), p) {
		return p, nil
	}
	outside := fmt.Errorf("%s is outside the scanned directory", p)
	if s.fs.Root() != "" {
		// The FS's boundary: whether a path outside it exists (even
		// through a link) is not told.
		resolved, err := s.fs.Confine(p)
		if oe := (*vfs.OutsideError)(nil); errors.As(err, &oe) {
			return "", outside
		}
		if err != nil {
			return "", err
		}
		if !within(s.root(), resolved) {
			return "", outside
		}
		return resolved, nil
	}
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil {
		if !within(s.root(), p) {
			return "", outside
		}
		return "", err
	}
	if !within(s.root(), resolved) {
		return "", fmt.Errorf("%s is outside the scanned directory", p)
	}
	return resolved, nil
}

func (s *sandbox) read(p string) ([]byte, error) {
	resolved, err := s.resolve(p)
	if err != nil {
		return nil, err
	}
	// Only regular files are read, and never a pipe's open waited on.
	b, err := s.fs.ReadFileLimit(resolved, maxFileSize)
	if big := (*vfs.TooLargeError)(nil); errors.As(err, &big) {
		return nil, fmt.Errorf("%s is too large", p)
	}
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable regular file", p)
	}
	return b, nil
}

func (s *sandbox) readText(p string) (string, error) {
	b, err := s.read(p)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("contents of %s are not valid UTF-8", p)
	}
	return string(b), nil
}

// fileFunctions returns the functions that read files or depend on the
// module's location.
func (l *loader) fileFunctions() map[string]function.Function {
	s := l.sandbox
	strFn := func(f func(string) (string, error)) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				out, err := f(args[0].AsString())
				if err != nil {
					return cty.NilVal, err
				}
				return cty.StringVal(out), nil
			},
		})
	}
	fileHash := func(h func() hash.Hash, enc func([]byte) string) function.Function {
		return strFn(func(p string) (string, error) {
			b, err := s.read(p)
			if err != nil {
				return "", err
			}
			return hashString(h, enc, b), nil
		})
	}
	return map[string]function.Function{
		"file": strFn(s.readText),
		"filebase64": strFn(func(p string) (string, error) {
			b, err := s.read(p)
			return base64.StdEncoding.EncodeToString(b), err
		}),
		"filemd5":          fileHash(md5.New, hex.EncodeToString),
		"filesha1":         fileHash(sha1.New, hex.EncodeToString),
		"filesha256":       fileHash(sha256.New, hex.EncodeToString),
		"filesha512":       fileHash(sha512.New, hex.EncodeToString),
		"filebase64sha256": fileHash(sha256.New, base64.StdEncoding.EncodeToString),
		"filebase64sha512": fileHash(sha512.New, base64.StdEncoding.EncodeToString),
		"fileexists": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}},
			Type:   function.StaticReturnType(cty.Bool),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				resolved, err := s.resolve(args[0].AsString())
				if errors.Is(err, fs.ErrNotExist) {
					return cty.False, nil
				}
				if err != nil {
					return cty.NilVal, err
				}
				st, err := s.fs.Stat(resolved)
				if err != nil {
					return cty.NilVal, err
				}
				return cty.BoolVal(st.Mode().IsRegular()), nil
			},
		}),
		"fileset": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
			Type:   function.StaticReturnType(cty.Set(cty.String)),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return s.fileset(args[0].AsString(), args[1].AsString())
			},
		}),
		"abspath": strFn(func(p string) (string, error) {
			if !filepath.IsAbs(p) {
				p = filepath.Join(s.base(), p)
			}
			return filepath.ToSlash(filepath.Clean(p)), nil
		}),
		"basename": strFn(func(p string) (string, error) { return filepath.Base(p), nil }),
		"dirname":  strFn(func(p string) (string, error) { return filepath.Dir(p), nil }),
		"pathexpand": strFn(func(p string) (string, error) {
			if strings.HasPrefix(p, "~") {
				return "", errors.New("the home directory is not known")
			}
			return p, nil
		}),
		"templatefile": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				p := args[0].AsString()
				src, err := s.readText(p)
				if err != nil {
					return cty.NilVal, err
				}
				return l.renderTemplate(src, p, args[1])
			},
		}),
		"templatestring": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "template", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return l.renderTemplate(args[0].AsString(), "<templatestring>", args[1])
			},
		}),
	}
}

// renderTemplate evaluates a string template with the given variables and
// every function except the template functions themselves.
func (l *loader) renderTemplate(src, name string, vars cty.Value) (cty.Value, error) {
	if !vars.IsWhollyKnown() {
		return cty.DynamicVal, nil
	}
	if vars.IsNull() || (!vars.Type().IsObjectType() && !vars.Type().IsMapType()) {
		return cty.NilVal, errors.New("template variables must be given as a map or object")
	}
	if diags := nestingDiags(name, []byte(src), nesting.Template); diags != nil {
		return cty.NilVal, diags
	}
	expr, diags := hclsyntax.ParseTemplate([]byte(src), name, hcl.Pos{Line: 1, Column: 1, Byte: 0})
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	expr = boundTemplate(expr)
	m := map[string]cty.Value{}
	for it := vars.ElementIterator(); it.Next(); {
		k, v := it.Element()
		if !hclsyntax.ValidIdentifier(k.AsString()) {
			return cty.NilVal, fmt.Errorf("invalid template variable name %q", k.AsString())
		}
		m[k.AsString()] = v
	}
	// The module's functions, but for the template functions themselves.
	ctx := l.fnCtx.NewChild()
	ctx.Variables = m
	ctx.Functions = map[string]function.Function{"templatefile": unsupportedFunc, "templatestring": unsupportedFunc}
	v, diags := expr.Value(ctx)
	if err := limitIn(diags); err != nil {
		return cty.NilVal, err
	}
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return v, nil
}

// fileset lists the files under dir matching a glob pattern ("*", "**",
// "?", "[…]", "{a,b}"), relative to dir.
func (s *sandbox) fileset(dir, pattern string) (cty.Value, error) {
	resolved, err := s.resolve(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return cty.SetValEmpty(cty.String), nil
	}
	if err != nil {
		return cty.NilVal, err
	}
	re, err := globRegexp(pattern)
	if err != nil {
		return cty.NilVal, err
	}
	var out []cty.Value
	n := 0
	err = filepath.WalkDir(resolved, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		n++
		if n > maxFilesWalk {
			return errors.New("too many files")
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(resolved, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if re.MatchString(rel) {
			out = append(out, cty.StringVal(rel))
		}
		return nil
	})
	if err != nil {
		return cty.NilVal, err
	}
	if len(out) == 0 {
		return cty.SetValEmpty(cty.String), nil
	}
	return cty.SetVal(out), nil
}

func globRegexp(pattern string) (*regexp.Regexp, error) {
	pattern = strings.TrimPrefix(filepath.ToSlash(pattern), "./")
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			i++
			if i+1 < len(pattern) && pattern[i+1] == '/' {
				i++
				b.WriteString("(?:.*/)?")
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(pattern[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("invalid pattern %q", pattern)
			}
			b.WriteString(pattern[i : i+j+1])
			i += j
		case c == '{':
			depth++
			b.WriteString("(?:")
		case c == '}' && depth > 0:
			depth--
			b.WriteString(")")
		case c == ',' && depth > 0:
			b.WriteString("|")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
