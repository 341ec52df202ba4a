package cloudformation

import (
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// The SAM transform (AWS::Serverless-2016-10-31) is emulated for what the
// model needs, following aws/serverless-application-model:
//   - Globals are merged into resources (maps recursively, lists
//     concatenated, anything else taken from the resource).
//   - AWS::Serverless::Api: a stage named StageName, plus the stage named
//     "Stage" unless OpenApiVersion is set; AWS::Serverless::HttpApi: one
//     auto-deployed stage, StageName or "$default".
//   - Function events of type Api/HttpApi are added to their API's
//     definition (the implicit ServerlessRestApi, stage "Prod", or
//     ServerlessHttpApi, stage "$default", when they name none); the API's
//     Auth (authorizers, DefaultAuthorizer, ApiKeyRequired) and Cors
//     (OPTIONS methods) are applied to the definition as SAM's swagger
//     editor does. The resulting definition is read like any other.
//   - DefinitionUri naming a local file is read as the definition; SAM does
//     not edit such a definition. A DefinitionBody included from a local
//     file with AWS::Include is expanded first, and SAM edits it.

// samAPI is a SAM API, declared or implicit.
type samAPI struct {
	logical   string
	eid       string
	kind      model.APIKind
	res       *resource // nil for an implicit API
	props     obj
	rng       model.Range
	src       model.Source
	stageName model.Str
	events    []*samEvent
	implicit  bool
}

// samEvent is a function event of type Api or HttpApi.
type samEvent struct {
	fn     *resource
	name   string
	rng    model.Range
	props  obj
	path   model.Str
	method model.Str
}

// mergeGlobals merges the SAM Globals section of the resource's type into
// its properties.
func (t *template) mergeGlobals(r *resource) {
	if !strings.HasPrefix(r.typ, "AWS::Serverless::") {
		return
	}
	g := t.globals[strings.TrimPrefix(r.typ, "AWS::Serverless::")]
	if g == nil || g.Kind != KMap {
		return
	}
	r.props = mergeNodes(g, r.props)
}

// mergeKind classifies a node for merging: intrinsic functions count as
// primitive values.
func mergeKind(n *Node) Kind {
	if _, _, ok := n.intrinsic(); ok {
		return KString
	}
	if n.Kind == KMap || n.Kind == KSeq {
		return n.Kind
	}
	return KString
}

// mergeNodes merges a Globals value with a resource value as SAM does.
func mergeNodes(g, l *Node) *Node {
	if l == nil {
		return g
	}
	if g == nil {
		return l
	}
	gk, lk := mergeKind(g), mergeKind(l)
	if gk != lk {
		return l
	}
	switch gk {
	case KMap:
		out := &Node{Kind: KMap, Rng: l.Rng}
		out.Keys = append(out.Keys, g.Keys...)
		out.Vals = append(out.Vals, g.Vals...)
		for i, k := range l.Keys {
			merged := false
			for j, gk := range out.Keys {
				if gk.Str == k.Str {
					out.Keys[j], out.Vals[j] = k, mergeNodes(out.Vals[j], l.Vals[i])
					merged = true
					break
				}
			}
			if !merged {
				out.Keys = append(out.Keys, k)
				out.Vals = append(out.Vals, l.Vals[i])
			}
		}
		return out
	case KSeq:
		out := &Node{Kind: KSeq, Rng: l.Rng}
		out.Items = append(append(out.Items, g.Items...), l.Items...)
		return out
	}
	return l
}

// collectSAM finds the SAM APIs and attaches function events to them.
func (t *template) collectSAM() {
	for _, r := range t.resources {
		if r.typ != typeSAMAPI && r.typ != typeSAMHTTPAPI {
			continue
		}
		a := &samAPI{logical: r.id, eid: r.eid, kind: model.REST, res: r, rng: r.rng, src: t.source(r)}
		if r.typ == typeSAMHTTPAPI {
			a.kind = model.HTTP
		}
		t.samAPIs[r.id] = a
	}
	for _, id := range sortedKeys(t.samAPIs) {
		a := t.samAPIs[id]
		a.props = t.object(a.res.props, a.rng)
		if a.kind == model.REST {
			a.stageName = a.props.str("StageName")
		} else {
			a.stageName = a.props.strDef("StageName", "$default")
		}
	}
	for _, r := range t.resources {
		if r.typ != typeSAMFunction || t.dropped(r.cond) {
			continue
		}
		events := t.object(r.props, r.rng).obj("Events")
		if events.n == nil {
			continue
		}
		for i, k := range events.n.Keys {
			ev := t.object(events.n.Vals[i], k.Rng)
			rng := model.Range{File: t.path, Start: k.Rng.Start, End: events.n.Vals[i].Rng.End}
			switch typ := ev.str("Type"); {
			case !typ.Known:
			case typ.V == "Api":
				t.addEvent(r, k.Str, rng, ev.obj("Properties"), model.REST)
			case typ.V == "HttpApi":
				t.addEvent(r, k.Str, rng, ev.obj("Properties"), model.HTTP)
			}
		}
	}
}

// refTarget returns the logical ID n refers to (Ref X or Fn::Sub "${X}").
func refTarget(n *Node) (string, bool) {
	if n.IsScalar() && n.Kind == KString {
		// SAM also accepts the bare logical ID.
		return n.Str, true
	}
	name, arg, ok := n.intrinsic()
	if !ok || !arg.IsScalar() {
		return "", false
	}
	switch name {
	case "Ref":
		return arg.Str, true
	case "Fn::Sub":
		s := arg.Str
		if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && !strings.ContainsAny(s[2:len(s)-1], "${}.") {
			return s[2 : len(s)-1], true
		}
	}
	return "", false
}

// addEvent attaches a function event to its API.
func (t *template) addEvent(fn *resource, name string, rng model.Range, props obj, kind model.APIKind) {
	idKey, implicit := "RestApiId", implicitRESTAPI
	if kind == model.HTTP {
		idKey, implicit = "ApiId", implicitHTTPAPI
	}
	var a *samAPI
	if props.has(idKey) {
		logical, ok := refTarget(props.node(idKey))
		if ok {
			a = t.samAPIs[logical]
			if a == nil && logical == implicit && t.byID[logical] == nil {
				a = t.implicitAPI(kind, rng)
			}
		}
		if a == nil || a.kind != kind {
			t.note("sam-event-target", rng, "event "+name+" of "+fn.id+
				" names an API that is not an AWS::Serverless API of this template; SAM adds no route for it")
			return
		}
		if a.res != nil && t.dropped(a.res.cond) {
			return
		}
	} else {
		a = t.implicitAPI(kind, rng)
	}
	e := &samEvent{fn: fn, name: name, rng: rng, props: props}
	if kind == model.REST {
		e.path = props.str("Path")
		e.method = props.str("Method")
	} else {
		if props.has("Path") {
			e.path = props.str("Path")
		} else {
			e.path = model.DefaultStr("$default", rng)
		}
		e.method = props.strDef("Method", "any")
	}
	a.events = append(a.events, e)
}

// implicitAPI returns the implicit API of the kind, creating it on first
// use with the Globals section of its type as properties.
func (t *template) implicitAPI(kind model.APIKind, rng model.Range) *samAPI {
	name, section := implicitRESTAPI, "Api"
	if kind == model.HTTP {
		name, section = implicitHTTPAPI, "HttpApi"
	}
	if a := t.samAPIs[name]; a != nil {
		return a
	}
	a := &samAPI{
		logical: name, eid: t.prefix + name, kind: kind, rng: rng, implicit: true,
		src: model.Source{Format: model.FormatCloudFormation, Address: t.addr + name, Range: rng},
	}
	a.props = t.object(t.globals[section], rng)
	if kind == model.REST {
		a.stageName = model.DefaultStr("Prod", rng)
	} else {
		a.stageName = model.DefaultStr("$default", rng)
	}
	t.samAPIs[name] = a
	return a
}

// emitImplicitSAM emits the implicit APIs.
func (t *template) emitImplicitSAM() {
	for _, name := range []string{implicitRESTAPI, implicitHTTPAPI} {
		if a := t.samAPIs[name]; a != nil && a.implicit {
			t.emitSAMAPI(a)
		}
	}
}

// emitSAMAPI emits a SAM API with its stages and resources.
func (t *template) emitSAMAPI(a *samAPI) {
	api := &model.API{
		ID: a.eid, Kind: a.kind, Source: a.src, IDToken: t.idToken(a.eid, a.logical), Range: a.rng,
		Name: a.props.str("Name"),
	}
	apiRef := model.KnownStr(api.IDToken, a.rng)
	api.DisableExecuteAPIEndpoint = a.props.boolean("DisableExecuteApiEndpoint", false)
	if a.kind == model.REST {
		api.RootIDToken = t.rootToken(a.eid, a.logical)
		api.EndpointTypes = samEndpointTypes(a.props)
		api.APIKeySource = upper(a.props.strDef("ApiKeySourceType", "HEADER"))
		t.cfg.Stages = append(t.cfg.Stages, &model.Stage{
			ID: a.eid + ".Stage", APIRef: apiRef, Name: a.stageName, Implicit: true, Source: a.src,
		})
		if !a.props.has("OpenApiVersion") && (!a.stageName.Known || a.stageName.V != "Stage") {
			t.cfg.Stages = append(t.cfg.Stages, &model.Stage{
				ID: a.eid + ".Deployment.Stage", APIRef: apiRef, Name: model.DefaultStr("Stage", a.rng),
				Implicit: true, Source: a.src,
			})
		}
	} else {
		api.EndpointTypes = model.List{Items: []model.Str{model.DefaultStr("REGIONAL", a.rng)}, Known: true, Range: a.rng}
		api.APIKeySource = model.Str{Range: a.rng}
		t.cfg.Stages = append(t.cfg.Stages, &model.Stage{
			ID: a.eid + ".Stage", APIRef: apiRef, Name: a.stageName, Implicit: true,
			AutoDeploy: model.DefaultBool(true, a.rng), Source: a.src,
		})
	}

	body := a.props.node("DefinitionBody")
	switch {
	case isTransform(body) || a.props.has("DefinitionBody"):
		body, why := t.expandIncludes(body, a.logical)
		if why != "" {
			api.ResourcesUnknown = why
			break
		}
		v := t.eval(body)
		if v.k != vMap {
			api.ResourcesUnknown = "the OpenAPI definition of " + a.logical + " cannot be evaluated statically"
			break
		}
		d := t.newDefinition(v.n, true)
		t.samEdit(a, api, d)
		t.readDefinition(api, d, "")
	case a.props.has("DefinitionUri"):
		t.definitionURI(a, api)
	default:
		d := &definition{locs: map[string]model.Range{}, root: a.rng}
		doc := map[string]any{"paths": map[string]any{}}
		if a.kind == model.HTTP || a.props.has("OpenApiVersion") {
			doc["openapi"] = "3.0.1"
		} else {
			doc["swagger"] = "2.0"
		}
		d.doc = doc
		t.samEdit(a, api, d)
		t.readDefinition(api, d, "")
	}
	t.samDomain(a, api)
	t.cfg.APIs = append(t.cfg.APIs, api)
}

// samEndpointTypes reads a SAM EndpointConfiguration: a type name or
// {Type: …}.
func samEndpointTypes(p obj) model.List {
	v, n := p.field("EndpointConfiguration")
	switch v.k {
	case vStr:
		return listOf(v, n, p.rng)
	case vMap:
		ec := obj{t: p.t, n: v.n, rng: v.n.Rng}
		if ec.has("Type") {
			return ec.list("Type")
		}
		return model.List{Items: []model.Str{model.DefaultStr("EDGE", ec.rng)}, Known: true, Range: ec.rng}
	case vNoValue, vNull:
		return model.List{Items: []model.Str{model.DefaultStr("EDGE", p.rng)}, Known: true, Range: p.rng}
	}
	return listOf(v, n, p.rng)
}

// definitionURI reads a DefinitionUri naming a local file under the
// template's directory; anything else makes the resources unknown.
func (t *template) definitionURI(a *samAPI, api *model.API) {
	v, _ := a.props.field("DefinitionUri")
	if v.k == vMap {
		api.ResourcesUnknown = "the OpenAPI definition of " + a.logical + " is read from S3 (DefinitionUri), which edgelint cannot see"
		return
	}
	uri := strings.TrimSpace(v.s)
	if v.k != vStr || model.HasToken(uri) || uri == "" {
		api.ResourcesUnknown = "the DefinitionUri of " + a.logical + " is not known statically"
		return
	}
	if strings.Contains(uri, "://") {
		api.ResourcesUnknown = "the OpenAPI definition of " + a.logical + " is read from " + uri + ", which edgelint cannot see"
		return
	}
	root, why := t.readLocal("the DefinitionUri of "+a.logical, uri)
	if why != "" {
		api.ResourcesUnknown = why
		return
	}
	t.readDefinition(api, t.newDefinition(root, false), "")
}

// readLocal reads and parses a local file named by uri, relative to the
// template's directory, for what (the property that names it). The file
// must be a regular file inside that directory (symbolic links resolved)
// and not too large. It returns the file's root node, or the reason it
// cannot be used.
func (t *template) readLocal(what, uri string) (*Node, string) {
	file, ok := localPath(t.path, uri)
	if root, seen := t.localFiles[file]; ok && seen {
		return root, ""
	}
	if !ok {
		return nil, what + " (" + uri + ") is outside the template's directory"
	}
	if len(t.localFiles) >= maxLocalFiles {
		return nil, what + " (" + uri + ") is not read: the template names too many local files"
	}
	lr := t.readUnitFile(file)
	if lr.why != "" {
		return nil, what + " (" + uri + ") " + lr.why
	}
	t.localFiles[file] = lr.root
	return lr.root, ""
}

// localPath returns the file a local uri names, relative to the directory
// of the template at path, and whether it is inside that directory
// (symbolic links resolved).
func localPath(path, uri string) (string, bool) {
	dir := filepath.Dir(path)
	file := filepath.Join(dir, filepath.FromSlash(uri))
	rel, err := filepath.Rel(dir, file)
	if err != nil || filepath.IsAbs(uri) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file, false
	}
	// A symbolic link must not lead out of the directory either.
	if realDir, err := filepath.EvalSymlinks(dir); err == nil {
		if realFile, err := filepath.EvalSymlinks(file); err == nil {
			if rel, err := filepath.Rel(realDir, realFile); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return file, false
			}
		}
	}
	return file, true
}

// maxLocalFiles bounds the local files read for one template.
const maxLocalFiles = 64

// maxDefinitionFile bounds a DefinitionUri file.
const maxDefinitionFile = 16 << 20

// samDomain emits the custom domain and mappings of a SAM API's Domain.
func (t *template) samDomain(a *samAPI, api *model.API) {
	dom := a.props.obj("Domain")
	if dom.n == nil {
		return
	}
	id := a.eid + ".Domain"
	src := model.Source{Format: model.FormatCloudFormation, Address: t.addr + a.logical + ".Domain", Range: dom.rng, Path: a.src.Path, Stack: a.src.Stack}
	dn := &model.DomainName{
		ID: id, Name: dom.str("DomainName"), Source: src, V2: a.kind == model.HTTP,
		Tokens: []string{t.syms.Attr(id, "Ref", a.logical+".Domain")},
	}
	attrs := []string{"RegionalDomainName", "DistributionDomainName"}
	if dn.V2 {
		attrs = attrs[:1]
	}
	for _, at := range attrs {
		dn.TargetHosts = append(dn.TargetHosts, t.syms.Attr(id, at, a.logical+".Domain."+at))
	}
	t.cfg.DomainNames = append(t.cfg.DomainNames, dn)

	paths := dom.list("BasePath")
	if len(paths.Items) == 0 && paths.Known {
		paths.Items = []model.Str{model.DefaultStr("", dom.rng)}
	}
	for _, bp := range paths.Items {
		if bp.Known {
			bp.V = strings.Trim(bp.V, "/")
		}
		t.cfg.Mappings = append(t.cfg.Mappings, &model.Mapping{
			DomainRef: model.KnownStr(dn.Tokens[0], dom.rng),
			APIRef:    model.KnownStr(api.IDToken, dom.rng),
			Stage:     a.stageName,
			BasePath:  bp,
			Source:    src,
		})
	}
}
