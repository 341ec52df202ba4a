// Package cloudformation reads AWS CloudFormation templates, SAM templates
// and CDK-synthesized templates (YAML or JSON) into edgelint's shared model.
//
// Templates are parsed into a position-keeping node tree (yaml.v3 for YAML,
// with end positions computed from the source; a small linear-time parser for
// JSON), so every value carries the exact range it was written at. Intrinsic
// functions are evaluated symbolically: deploy-time values (the generated ID
// of an API, the region, a parameter without a value) become symbolic tokens
// from the scan-wide model.Symbols table, string functions (Fn::Sub,
// Fn::Join, Fn::Split, Fn::Select) operate on token-bearing strings, and
// whatever cannot be known stays unknown. The SAM transform is emulated for
// what the model needs: implicit APIs and stages, Globals, function events
// merged into the API definition, and the authorization SAM implies.
//
// goformation's intrinsic processor is deliberately not used: it resolves
// through a position-less JSON round trip and drops Fn::GetAtt and
// Fn::ImportValue, where this package must keep both positions and identity.
//
// Not expanded (the affected values or resource lists are unknown, with an
// info note or API.ResourcesUnknown saying why): Fn::ImportValue of a name
// that no other scanned template exports, or more than one does (see
// Exports and Options.Imports), nested stacks whose template is not a local
// file (see NestedTemplates), Fn::Transform macros (except
// AWS::Include of a local file in an API definition), Fn::ForEach resource
// loops, and API definitions in S3.
package cloudformation

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/keyscan"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/vfs"
)

// Options configure the reading of one template.
type Options struct {
	Parameters map[string]string // --parameter Key=Value overrides
	// Imports are the values other scanned templates export (see
	// Exports), by export name, for Fn::ImportValue. A name exported by
	// more than one template must be left out.
	Imports map[string]model.Str
	// FS is what included local files are read through; nil is the disk.
	FS *vfs.FS
	// Stack is the name the template is deployed as, when known (a CDK
	// cloud assembly's manifest gives it); it is shown with findings.
	Stack string
	// Assume gives conditions a value. The engine checks each branch of
	// the conditions a template cannot decide (see ParseBranches) by
	// reading it once per assumption.
	Assume map[string]bool
}

// Resource types the model reads.
const (
	typeRestAPI        = "AWS::ApiGateway::RestApi"
	typeResource       = "AWS::ApiGateway::Resource"
	typeMethod         = "AWS::ApiGateway::Method"
	typeDeployment     = "AWS::ApiGateway::Deployment"
	typeStage          = "AWS::ApiGateway::Stage"
	typeAuthorizer     = "AWS::ApiGateway::Authorizer"
	typeDomainName     = "AWS::ApiGateway::DomainName"
	typeBasePath       = "AWS::ApiGateway::BasePathMapping"
	typeV2API          = "AWS::ApiGatewayV2::Api"
	typeV2Route        = "AWS::ApiGatewayV2::Route"
	typeV2Stage        = "AWS::ApiGatewayV2::Stage"
	typeV2Deployment   = "AWS::ApiGatewayV2::Deployment"
	typeV2Authorizer   = "AWS::ApiGatewayV2::Authorizer"
	typeV2DomainName   = "AWS::ApiGatewayV2::DomainName"
	typeV2APIMapping   = "AWS::ApiGatewayV2::ApiMapping"
	typeDistribution   = "AWS::CloudFront::Distribution"
	typeCachePolicy    = "AWS::CloudFront::CachePolicy"
	typeOriginReqPol   = "AWS::CloudFront::OriginRequestPolicy"
	typeCFFunction     = "AWS::CloudFront::Function"
	typeSAMAPI         = "AWS::Serverless::Api"
	typeSAMHTTPAPI     = "AWS::Serverless::HttpApi"
	typeSAMFunction    = "AWS::Serverless::Function"
	typeStack          = "AWS::CloudFormation::Stack"
	typeSAMApp         = "AWS::Serverless::Application"
	samTransformPrefix = "AWS::Serverless-"
)

// Parse reads one template into a flat model.Config. A template that cannot
// be parsed yields an error-severity ParseError and an empty config; limits
// of the analysis are reported with severity "info" or "warning".
func Parse(path string, src []byte, opts Options, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic) {
	cfg, errs, _ = ParseBranches(path, src, opts, syms)
	return cfg, errs
}

// ParseBranches is Parse that also returns, sorted, the conditions of the
// template that it cannot decide (they depend on a parameter without a
// default, a pseudo parameter such as AWS::Region, or an import) and that
// matter: an Fn::If choosing between different values, or a resource's
// Condition. Parameters with defaults decide their conditions, as they
// decide every other value; --parameter checks another deployment.
// Conditions given in opts.Assume are decided.
func ParseBranches(path string, src []byte, opts Options, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic, undecided []string) {
	cfg, errs, undecided, _ = parse(path, src, opts, syms, false)
	return cfg, errs, undecided
}

// ParseWithExports is ParseBranches that also returns what the template
// exports, as Exports does, from the same reading: a template that exports
// but imports nothing is then read once.
func ParseWithExports(path string, src []byte, opts Options, syms *model.Symbols) (cfg *model.Config, errs []model.Diagnostic, undecided []string, exports map[string]model.Str) {
	return parse(path, src, opts, syms, true)
}

func parse(path string, src []byte, opts Options, syms *model.Symbols, withExports bool) (cfg *model.Config, errs []model.Diagnostic, undecided []string, exports map[string]model.Str) {
	if syms == nil {
		syms = model.NewSymbols()
	}
	cfg = model.NewConfig(syms)
	cfg.Files = []string{path}
	if model.MayHoldSuppression(src) {
		cfg.Marked = []string{path}
	}
	defer func() {
		if p := recover(); p != nil {
			cfg = model.NewConfig(syms)
			cfg.Files = []string{path}
			errs = append(errs, model.Diagnostic{
				Range:    model.Range{File: path},
				Message:  fmt.Sprintf("internal error while reading this template: %v", p),
				Severity: model.SevError,
			})
		}
	}()

	root, notes, perr := readTree(path, src)
	errs = append(errs, notes...)
	if perr != nil {
		return cfg, append(errs, *perr), nil, nil
	}
	if root == nil {
		return cfg, append(errs, model.Diagnostic{
			Range:   model.Range{File: path, Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 1}},
			Message: "the template is empty", Severity: model.SevError,
		}), nil, nil
	}
	if root.Kind != KMap {
		return cfg, append(errs, model.Diagnostic{
			Range: root.Rng, Message: "the template is not a mapping", Severity: model.SevError,
		}), nil, nil
	}
	t := newTemplate(path, root, opts, syms, cfg)
	// The template is the unit's first stack instance.
	t.work.stackBytes = int64(len(src))
	t.run()
	for c := range t.undecided {
		undecided = append(undecided, c)
	}
	sort.Strings(undecided)
	if withExports {
		exports = t.exports(root.Get("Outputs"))
	}
	return cfg, append(errs, t.allErrs()...), undecided, exports
}

// readTree parses src as JSON (when it starts with an object) or YAML.
func readTree(path string, src []byte) (*Node, []model.Diagnostic, *model.Diagnostic) {
	t := newPosTable(path, src)
	// YAML and JSON are UTF-8 text without NUL bytes (YAML 1.2, 5.1
	// c-printable; RFC 8259, 8.1), comments included.
	if _, utf16 := keyscan.UTF16(src); utf16 {
		p := model.Pos{Line: 1, Column: 1}
		return nil, nil, &model.Diagnostic{Range: model.Range{File: path, Start: p, End: p},
			Message: "the file is UTF-16 text (it starts with a UTF-16 byte order mark); edgelint reads templates as UTF-8: save it as UTF-8", Severity: model.SevError}
	}
	if off, what := notText(src); off >= 0 {
		p := t.pos(off)
		return nil, nil, &model.Diagnostic{Range: model.Range{File: path, Start: p, End: p},
			Message: "not a text file: " + what + " here; a template is UTF-8 text without NUL bytes, comments included", Severity: model.SevError}
	}
	if looksJSON(src) {
		n, notes, perr := readJSON(t)
		if perr == nil {
			return n, notes, nil
		}
		// A YAML file may hold a flow mapping, which starts with "{" too.
		if ext := strings.ToLower(filepath.Ext(path)); ext == ".yaml" || ext == ".yml" {
			if yn, ynotes, yerr := readYAML(t); yerr == nil && yn != nil {
				return yn, ynotes, nil
			}
		}
		return nil, nil, perr
	}
	return readYAML(t)
}

// template is the state of reading one template.
type template struct {
	path string
	opts Options
	syms *model.Symbols
	cfg  *model.Config

	root     *Node
	params   map[string]*param
	mappings *Node
	conds    map[string]*Node
	condMemo map[string]tri
	condBusy map[string]bool

	resources []*resource
	byID      map[string]*resource
	sam       bool
	globals   map[string]*Node

	refMemo map[string]value
	refBusy map[string]bool
	depth   int
	// work is shared with the templates this one includes.
	work *work

	// SAM APIs by logical ID (declared and implicit), filled by collectSAM.
	samAPIs map[string]*samAPI

	// Local files read (DefinitionUri, AWS::Include) by path.
	localFiles map[string]*Node

	errs  []model.Diagnostic
	noted map[string]bool

	// Nesting: scope identifies this instance of the template (its path,
	// or the nested stack's entity ID), prefix starts its entity IDs and
	// addr its addresses; inputs are the parameter values the including
	// template passes and ancestors the files that include it (resolved
	// paths).
	scope     string
	prefix    string
	addr      string
	inputs    map[string]value
	ancestors []string
	// nested are the nested stacks read, by logical ID (nil: not read).
	nested map[string]*template
	// undecided are the conditions whose value is unknown and that
	// choose between different values or decide whether a resource
	// exists.
	undecided map[string]bool
	// importNames are the export names Fn::ImportValue read.
	importNames map[string]bool
}

// param is a template parameter.
type param struct {
	name string
	typ  string
	def  *Node
}

// resource is one entry of the Resources section.
type resource struct {
	id      string // logical ID
	typ     string
	eid     string // model entity ID
	node    *Node  // the resource mapping
	props   *Node  // Properties (SAM Globals merged in)
	rng     model.Range
	head    model.Range // the logical ID key
	cond    string
	cdkPath string
}

func newTemplate(path string, root *Node, opts Options, syms *model.Symbols, cfg *model.Config) *template {
	return &template{
		path: path, opts: opts, syms: syms, cfg: cfg, root: root,
		params: map[string]*param{}, conds: map[string]*Node{},
		condMemo: map[string]tri{}, condBusy: map[string]bool{},
		byID: map[string]*resource{}, globals: map[string]*Node{},
		refMemo: map[string]value{}, refBusy: map[string]bool{},
		samAPIs: map[string]*samAPI{}, noted: map[string]bool{},
		localFiles: map[string]*Node{}, work: newWork(),
		scope: path, prefix: path + "#",
		nested: map[string]*template{}, undecided: map[string]bool{}, importNames: map[string]bool{},
	}
}

// note reports a limit of the analysis once per kind per template.
func (t *template) note(kind string, r model.Range, msg string) {
	if t.noted[kind] {
		return
	}
	t.noted[kind] = true
	if r.File == "" {
		r.File = t.path
	}
	t.errs = append(t.errs, model.Diagnostic{Range: r, Message: msg, Severity: model.SevInfo})
}

// warn reports a part of the template that is skipped because of its shape.
func (t *template) warn(r model.Range, format string, a ...any) {
	if r.File == "" {
		r.File = t.path
	}
	t.errs = append(t.errs, model.Diagnostic{Range: r, Message: fmt.Sprintf(format, a...), Severity: model.SevWarning})
}

func (t *template) run() {
	t.readSections()
	t.collectSAM()
	t.emitAll()
}

// emitAll emits the resources of a template whose sections are read.
func (t *template) emitAll() {
	for _, r := range t.resources {
		if t.dropped(r.cond) {
			continue
		}
		t.emit(r)
	}
	t.emitImplicitSAM()
}

func (t *template) readSections() {
	if ps := t.root.Get("Parameters"); ps != nil && ps.Kind == KMap {
		for i, k := range ps.Keys {
			p := &param{name: k.Str}
			if v := ps.Vals[i]; v.Kind == KMap {
				if ty := v.Get("Type"); ty.IsScalar() {
					p.typ = strings.TrimSpace(ty.Str)
				}
				if d := v.Get("Default"); d != nil && d.Kind != KNull {
					p.def = d
				}
			}
			t.params[p.name] = p
		}
	}
	if m := t.root.Get("Mappings"); m != nil && m.Kind == KMap {
		t.mappings = m
	}
	if cs := t.root.Get("Conditions"); cs != nil && cs.Kind == KMap {
		for i, k := range cs.Keys {
			t.conds[k.Str] = cs.Vals[i]
		}
	}
	if tr := t.root.Get("Transform"); tr != nil {
		items := []*Node{tr}
		if tr.Kind == KSeq {
			items = tr.Items
		}
		for _, it := range items {
			if it.IsScalar() && strings.HasPrefix(it.Str, samTransformPrefix) {
				t.sam = true
			}
		}
	}
	if g := t.root.Get("Globals"); g != nil && g.Kind == KMap {
		for i, k := range g.Keys {
			t.globals[k.Str] = g.Vals[i]
		}
	}

	resVal, resKey := t.root.Entry("Resources")
	if resVal == nil {
		return
	}
	if resVal.Kind != KMap {
		t.warn(resKey.Rng, "Resources is not a mapping; no resource is read")
		return
	}
	// SAM resources without the transform declaration (as the SAM
	// translator's own inputs are written) are read as SAM too.
	for _, v := range resVal.Vals {
		if ty := v.Get("Type"); ty.IsScalar() && strings.HasPrefix(ty.Str, "AWS::Serverless::") {
			t.sam = true
			break
		}
	}
	for i, k := range resVal.Keys {
		v := resVal.Vals[i]
		if strings.HasPrefix(k.Str, "Fn::ForEach") {
			t.note("foreach", k.Rng, "Fn::ForEach resource loops (AWS::LanguageExtensions) are not expanded; the resources they generate are not analyzed")
			continue
		}
		rng := model.Range{File: t.path, Start: k.Rng.Start, End: v.Rng.End}
		if v.Kind != KMap {
			t.warn(k.Rng, "resource %s is not a mapping; skipped", k.Str)
			continue
		}
		ty := v.Get("Type")
		if !ty.IsScalar() {
			t.warn(k.Rng, "resource %s has no Type string; skipped", k.Str)
			continue
		}
		head := k.Rng
		head.File = t.path
		r := &resource{id: k.Str, typ: strings.TrimSpace(ty.Str), eid: t.prefix + k.Str, node: v, rng: rng, head: head}
		t.checkType(r, ty.Rng)
		if p := v.Get("Properties"); p != nil && p.Kind != KNull {
			r.props = p
		}
		if c := v.Get("Condition"); c.IsScalar() {
			r.cond = c.Str
		}
		if md := v.Get("Metadata"); md != nil {
			if p := md.Get("aws:cdk:path"); p.IsScalar() {
				r.cdkPath = p.Str
			}
		}
		if t.sam {
			t.mergeGlobals(r)
		}
		t.resources = append(t.resources, r)
		t.byID[r.id] = r
	}
}

// source returns the model source of a resource.
func (t *template) source(r *resource) model.Source {
	return model.Source{Format: model.FormatCloudFormation, Address: t.addr + r.id, Range: r.rng, Head: r.head, Path: r.cdkPath, Stack: t.opts.Stack}
}

// emit turns one resource into model entities.
func (t *template) emit(r *resource) {
	switch r.typ {
	case typeDistribution:
		t.distribution(r)
	case typeCachePolicy:
		t.policy(r, model.CachePolicy)
	case typeOriginReqPol:
		t.policy(r, model.OriginRequestPolicy)
	case typeCFFunction:
		t.edgeFunction(r)
	case typeRestAPI:
		t.restAPI(r)
	case typeResource:
		t.restResource(r)
	case typeMethod:
		t.restMethod(r)
	case typeDeployment, typeV2Deployment:
		t.deployment(r)
	case typeStage, typeV2Stage:
		t.stage(r)
	case typeAuthorizer, typeV2Authorizer:
		t.authorizer(r)
	case typeDomainName, typeV2DomainName:
		t.domainName(r)
	case typeBasePath, typeV2APIMapping:
		t.mapping(r)
	case typeV2API:
		t.v2API(r)
	case typeV2Route:
		t.v2Route(r)
	case typeSAMAPI, typeSAMHTTPAPI:
		if a := t.samAPIs[r.id]; a != nil {
			t.emitSAMAPI(a)
		}
	case typeStack, typeSAMApp:
		if c := t.nestedStack(r); c != nil {
			c.emitAll()
		}
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
