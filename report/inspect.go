package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
)

// Output formats of Inspect.
const (
	FormatText = "text"
	FormatJSON = "json"
)

// Inspect writes the assembled model cfg as edgelint understood it, in
// format FormatText (an indented tree) or FormatJSON (the same tree as one
// JSON object with the keys "distributions", "apis", "domains" and
// "files"). Distributions list their origins (with the API each reaches),
// origin groups and behaviors in CloudFront's evaluation order; APIs list
// their stages, deployments, authorizers and resources with methods.
// Values that cannot be known before deploy show as "(unknown)" in text and
// null in JSON; symbolic tokens are shown with model.Symbols.Display. Origin
// custom header values are left out: they often hold shared secrets.
func Inspect(w io.Writer, cfg *model.Config, format string) error {
	doc := buildInspect(cfg)
	switch format {
	case FormatJSON:
		return encodeJSON(w, doc)
	case FormatText, "":
		bw := bufio.NewWriter(w)
		doc.writeText(bw)
		return bw.Flush()
	}
	return fmt.Errorf("unknown inspect format %q (want %s or %s)", format, FormatText, FormatJSON)
}

// ---- values -----------------------------------------------------------------

// val is a string that may be unknown; JSON null when unknown.
type val struct {
	v     string
	known bool
}

func (v val) MarshalJSON() ([]byte, error) {
	if !v.known {
		return []byte("null"), nil
	}
	return marshalRaw(v.v)
}

// text renders v for the tree; empty known values show as "(none)".
func (v val) text() string {
	switch {
	case !v.known:
		return "(unknown)"
	case v.v == "":
		return "(none)"
	}
	return clean(v.v)
}

// quoted renders v in double quotes, or "(unknown)".
func (v val) quoted() string {
	if !v.known {
		return "(unknown)"
	}
	return strconv.Quote(v.v)
}

// vals is a list that may be unknown (JSON null) and whose items may be
// unknown.
type vals struct {
	items []val
	known bool
}

func (l vals) MarshalJSON() ([]byte, error) {
	if !l.known {
		return []byte("null"), nil
	}
	if l.items == nil {
		return []byte("[]"), nil
	}
	return marshalRaw(l.items)
}

func (l vals) text() string {
	if !l.known {
		return "(unknown)"
	}
	if len(l.items) == 0 {
		return "(none)"
	}
	parts := make([]string, len(l.items))
	for i, it := range l.items {
		parts[i] = it.text()
	}
	return strings.Join(parts, ", ")
}

// boolVal is a boolean that may be unknown; JSON null when unknown.
type boolVal struct {
	v     bool
	known bool
}

func (f boolVal) MarshalJSON() ([]byte, error) {
	if !f.known {
		return []byte("null"), nil
	}
	return marshalRaw(f.v)
}

// marshalRaw is json.Marshal without HTML escaping, matching encodeJSON.
func marshalRaw(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// loc is where an entity is defined.
type loc struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

func locOf(r model.Range) loc { return loc{File: r.File, Line: r.Start.Line} }

// suffix renders the location as " (file:line)", or "" when unknown.
func (l loc) suffix() string {
	switch {
	case l.File == "":
		return ""
	case l.Line < 1:
		return " (" + clean(l.File) + ")"
	}
	return " (" + clean(l.File) + ":" + strconv.Itoa(l.Line) + ")"
}

// ---- tree -------------------------------------------------------------------

type inspectDoc struct {
	Distributions []inDistribution `json:"distributions"`
	APIs          []inAPI          `json:"apis"`
	Domains       []inDomain       `json:"domains"`
	Files         []string         `json:"files"`
}

type inDistribution struct {
	Address string `json:"address"`
	Format  string `json:"format,omitempty"`
	Path    string `json:"path,omitempty"`
	loc
	Aliases vals `json:"aliases"`
	// Incomplete: origins or behaviors come from constructs edgelint could
	// not expand, so the lists may miss some.
	Incomplete   bool            `json:"incomplete"`
	Origins      []inOrigin      `json:"origins"`
	OriginGroups []inOriginGroup `json:"origin_groups"`
	Behaviors    []inBehavior    `json:"behaviors"`
}

type inOrigin struct {
	ID         val  `json:"id"`
	DomainName val  `json:"domain_name"`
	OriginPath val  `json:"origin_path"`
	S3         bool `json:"s3"`
	// CustomHeaders are the header names only.
	CustomHeaders []val   `json:"custom_headers"`
	Link          *inLink `json:"link"`
	loc
}

type inLink struct {
	// API is the address of the API reached, "" when a custom domain maps
	// to no single API of the scan.
	API  string `json:"api,omitempty"`
	Kind string `json:"kind,omitempty"`
	// Via is "execute-api" or "custom-domain".
	Via    string `json:"via"`
	Domain string `json:"domain,omitempty"`
	Host   string `json:"host"`
	// Stage is the stage the origin path addresses, "" when not decided
	// by the origin path.
	Stage string `json:"stage,omitempty"`
}

type inOriginGroup struct {
	ID      val   `json:"id"`
	Members []val `json:"members"`
	loc
}

type inBehavior struct {
	// Order is the 1-based evaluation order.
	Order          int  `json:"order"`
	Default        bool `json:"default"`
	PathPattern    val  `json:"path_pattern"`
	TargetOriginID val  `json:"target_origin_id"`
	// Targets are the IDs of the origins the target resolves to (several
	// for an origin group); empty when it resolves to none.
	Targets             []string     `json:"targets"`
	OriginGroup         bool         `json:"origin_group"`
	AllowedMethods      vals         `json:"allowed_methods"`
	CachePolicy         *inPolicy    `json:"cache_policy"`
	OriginRequestPolicy *inPolicy    `json:"origin_request_policy"`
	ForwardedValues     *inForwarded `json:"forwarded_values"`
	Functions           []inFunction `json:"functions"`
	loc
}

type inPolicy struct {
	// Ref is the policy ID as the behavior writes it.
	Ref      val    `json:"ref"`
	Resolved bool   `json:"resolved"`
	Name     string `json:"name,omitempty"`
	Managed  bool   `json:"managed"`
	Address  string `json:"address,omitempty"`
	// HeaderBehavior and Headers: which viewer headers reach the origin
	// (or the cache key); null when the policy is not resolved.
	HeaderBehavior      val  `json:"header_behavior"`
	Headers             vals `json:"headers"`
	QueryStringBehavior val  `json:"query_string_behavior"`
	loc
}

type inForwarded struct {
	Headers     vals    `json:"headers"`
	QueryString boolVal `json:"query_string"`
	loc
}

type inFunction struct {
	EventType val `json:"event_type"`
	// Kind is "cloudfront-function" or "lambda-edge".
	Kind string `json:"kind"`
	loc
}

type inAPI struct {
	Address string `json:"address"`
	Kind    string `json:"kind"`
	Name    val    `json:"name"`
	Format  string `json:"format,omitempty"`
	Path    string `json:"path,omitempty"`
	loc
	EndpointTypes             vals           `json:"endpoint_types"`
	DisableExecuteAPIEndpoint boolVal        `json:"disable_execute_api_endpoint"`
	Stages                    []inStage      `json:"stages"`
	StagesUnknown             string         `json:"stages_unknown,omitempty"`
	Deployments               []inDeployment `json:"deployments"`
	Authorizers               []inAuthorizer `json:"authorizers"`
	Resources                 []inResource   `json:"resources"`
	ResourcesUnknown          string         `json:"resources_unknown,omitempty"`
}

type inStage struct {
	Name     val    `json:"name"`
	Implicit bool   `json:"implicit"`
	Address  string `json:"address,omitempty"`
	// AutoDeploy is present for stages that set it (HTTP APIs).
	AutoDeploy *boolVal `json:"auto_deploy,omitempty"`
	loc
}

type inDeployment struct {
	Address string `json:"address"`
	// StageName is present when the deployment creates a stage.
	StageName *val `json:"stage_name,omitempty"`
	loc
}

type inAuthorizer struct {
	Name            val    `json:"name"`
	Address         string `json:"address,omitempty"`
	Type            val    `json:"type"`
	IdentitySources vals   `json:"identity_sources"`
	loc
}

type inResource struct {
	Path     val        `json:"path"`
	CatchAll bool       `json:"catch_all"`
	Methods  []inMethod `json:"methods"`
	loc
}

type inMethod struct {
	HTTPMethod    val `json:"http_method"`
	Authorization val `json:"authorization"`
	// Authorizer names the authorizer (its name, else its address); null
	// when the method refers to one that cannot be resolved, absent when
	// it refers to none.
	Authorizer      *val    `json:"authorizer,omitempty"`
	IdentitySources *vals   `json:"identity_sources,omitempty"`
	APIKeyRequired  boolVal `json:"api_key_required"`
	loc
}

type inDomain struct {
	Name     val         `json:"name"`
	Address  string      `json:"address"`
	V2       bool        `json:"v2"`
	Mappings []inMapping `json:"mappings"`
	loc
}

type inMapping struct {
	BasePath val    `json:"base_path"`
	Stage    val    `json:"stage"`
	API      string `json:"api,omitempty"`
	loc
}

// ---- building ---------------------------------------------------------------

type builder struct{ syms *model.Symbols }

func (b builder) str(s model.Str) val {
	return val{v: display(b.syms, s.V), known: s.Known}
}

func (b builder) list(l model.List) vals {
	out := vals{known: l.Known}
	for _, it := range l.Items {
		out.items = append(out.items, b.str(it))
	}
	return out
}

func buildInspect(cfg *model.Config) *inspectDoc {
	doc := &inspectDoc{
		Distributions: []inDistribution{}, APIs: []inAPI{}, Domains: []inDomain{}, Files: []string{},
	}
	if cfg == nil {
		return doc
	}
	b := builder{syms: cfg.Symbols}
	for _, d := range cfg.Distributions {
		doc.Distributions = append(doc.Distributions, b.distribution(d))
	}
	for _, a := range cfg.APIs {
		doc.APIs = append(doc.APIs, b.api(a))
	}
	for _, dn := range cfg.DomainNames {
		doc.Domains = append(doc.Domains, b.domain(dn))
	}
	seen := map[string]bool{}
	for _, f := range cfg.Files {
		if !seen[f] {
			seen[f] = true
			doc.Files = append(doc.Files, f)
		}
	}
	return doc
}

func addressOf(s model.Source, fallback string) string {
	if s.Address != "" {
		return s.Address
	}
	return fallback
}

func (b builder) distribution(d *model.Distribution) inDistribution {
	out := inDistribution{
		Address: addressOf(d.Source, d.ID), Format: string(d.Source.Format), Path: d.Source.Path,
		loc: locOf(d.Source.Range), Aliases: b.list(d.Aliases), Incomplete: d.Dynamic,
		Origins: []inOrigin{}, OriginGroups: []inOriginGroup{}, Behaviors: []inBehavior{},
	}
	for _, o := range d.Origins {
		org := inOrigin{
			ID: b.str(o.ID), DomainName: b.str(o.DomainName), OriginPath: b.str(o.OriginPath),
			S3: o.S3, CustomHeaders: []val{}, Link: b.link(o.Link), loc: locOf(o.Range),
		}
		for _, h := range o.CustomHeaders {
			org.CustomHeaders = append(org.CustomHeaders, b.str(h.Name))
		}
		out.Origins = append(out.Origins, org)
	}
	for _, g := range d.OriginGroups {
		ig := inOriginGroup{ID: b.str(g.ID), Members: []val{}, loc: locOf(g.Range)}
		for _, m := range g.Members {
			ig.Members = append(ig.Members, b.str(m))
		}
		out.OriginGroups = append(out.OriginGroups, ig)
	}
	for i, bh := range d.Behaviors {
		out.Behaviors = append(out.Behaviors, b.behavior(i+1, bh))
	}
	return out
}

func (b builder) link(l *model.Link) *inLink {
	if l == nil {
		return nil
	}
	out := &inLink{Via: "execute-api", Host: display(b.syms, l.Host)}
	if l.API != nil {
		out.API = addressOf(l.API.Source, l.API.ID)
		out.Kind = string(l.API.Kind)
	}
	if l.Stage != nil {
		out.Stage = display(b.syms, l.Stage.Name.V)
	}
	if l.Domain != nil {
		out.Via = "custom-domain"
		out.Domain = display(b.syms, l.Domain.Name.V)
		if !l.Domain.Name.Known || out.Domain == "" {
			out.Domain = addressOf(l.Domain.Source, l.Domain.ID)
		}
	}
	return out
}

func (b builder) behavior(order int, bh *model.Behavior) inBehavior {
	out := inBehavior{
		Order: order, Default: bh.Default, PathPattern: b.str(bh.PathPattern),
		TargetOriginID: b.str(bh.TargetOriginID), Targets: []string{}, OriginGroup: bh.OriginGroup != nil,
		AllowedMethods:      b.list(bh.AllowedMethods),
		CachePolicy:         b.policy(bh.CachePolicyID, bh.CachePolicy),
		OriginRequestPolicy: b.policy(bh.OriginRequestPolicyID, bh.OriginRequestPolicy),
		Functions:           []inFunction{}, loc: locOf(bh.Range),
	}
	targets := bh.Targets
	if len(targets) == 0 && bh.Origin != nil {
		targets = []*model.Origin{bh.Origin}
	}
	for _, o := range targets {
		out.Targets = append(out.Targets, display(b.syms, o.ID.V))
	}
	if bh.Legacy != nil {
		out.ForwardedValues = &inForwarded{
			Headers:     b.list(bh.Legacy.Headers),
			QueryString: boolVal{v: bh.Legacy.QueryString.V, known: bh.Legacy.QueryString.Known},
			loc:         locOf(bh.Legacy.Range),
		}
	}
	for _, f := range bh.Functions {
		kind := "cloudfront-function"
		if f.Lambda {
			kind = "lambda-edge"
		}
		out.Functions = append(out.Functions, inFunction{EventType: b.str(f.EventType), Kind: kind, loc: locOf(f.Range)})
	}
	return out
}

// policy describes the policy a behavior refers to by ref; nil when it
// refers to none.
func (b builder) policy(ref model.Str, p *model.Policy) *inPolicy {
	if p == nil && (!ref.Set || (ref.Known && ref.V == "")) {
		return nil
	}
	out := &inPolicy{Ref: b.str(ref), Headers: vals{}}
	if p == nil {
		return out
	}
	out.Resolved = true
	out.Name = p.Name
	out.Managed = p.Managed
	if !p.Managed {
		out.Address = p.Source.Address
		out.loc = locOf(p.Source.Range)
	}
	out.HeaderBehavior = b.str(p.HeaderBehavior)
	out.Headers = b.list(p.Headers)
	out.QueryStringBehavior = b.str(p.QueryStringBehavior)
	return out
}

func (b builder) api(a *model.API) inAPI {
	out := inAPI{
		Address: addressOf(a.Source, a.ID), Kind: string(a.Kind), Name: b.str(a.Name),
		Format: string(a.Source.Format), Path: a.Source.Path, loc: locOf(a.Source.Range),
		EndpointTypes:             b.list(a.EndpointTypes),
		DisableExecuteAPIEndpoint: boolVal{v: a.DisableExecuteAPIEndpoint.V, known: a.DisableExecuteAPIEndpoint.Known},
		Stages:                    []inStage{}, StagesUnknown: a.StagesUnknown,
		Deployments: []inDeployment{}, Authorizers: []inAuthorizer{},
		Resources: []inResource{}, ResourcesUnknown: a.ResourcesUnknown,
	}
	if out.File == "" {
		out.loc = locOf(a.Range)
	}
	for _, s := range a.Stages {
		is := inStage{Name: b.str(s.Name), Implicit: s.Implicit, loc: locOf(s.Source.Range)}
		if !s.Implicit {
			is.Address = s.Source.Address
		}
		if s.AutoDeploy.Set {
			is.AutoDeploy = &boolVal{v: s.AutoDeploy.V, known: s.AutoDeploy.Known}
		}
		out.Stages = append(out.Stages, is)
	}
	for _, d := range a.Deployments {
		id := inDeployment{Address: addressOf(d.Source, d.ID), loc: locOf(d.Source.Range)}
		if d.StageName.Set {
			v := b.str(d.StageName)
			id.StageName = &v
		}
		out.Deployments = append(out.Deployments, id)
	}
	for _, z := range a.Authorizers {
		out.Authorizers = append(out.Authorizers, inAuthorizer{
			Name: b.str(z.Name), Address: z.Source.Address, Type: b.str(z.Type),
			IdentitySources: b.list(z.IdentitySources), loc: locOf(z.Source.Range),
		})
	}
	for _, r := range a.Resources {
		ir := inResource{Path: b.str(r.Path), CatchAll: r.CatchAll, Methods: []inMethod{}, loc: locOf(r.Range)}
		for _, m := range r.Methods {
			ir.Methods = append(ir.Methods, b.method(m))
		}
		out.Resources = append(out.Resources, ir)
	}
	return out
}

func (b builder) method(m *model.Method) inMethod {
	r := m.Range
	if r.IsZero() {
		r = m.Source.Range
	}
	out := inMethod{
		HTTPMethod: b.str(m.HTTPMethod), Authorization: b.str(m.Authorization),
		APIKeyRequired: boolVal{v: m.APIKeyRequired.V, known: m.APIKeyRequired.Known},
		loc:            locOf(r),
	}
	switch {
	case m.Authorizer != nil:
		name := b.str(m.Authorizer.Name)
		if !name.known || name.v == "" {
			name = val{v: addressOf(m.Authorizer.Source, m.Authorizer.ID), known: true}
		}
		ids := b.list(m.Authorizer.IdentitySources)
		out.Authorizer, out.IdentitySources = &name, &ids
	case m.AuthorizerRef.Set && (!m.AuthorizerRef.Known || m.AuthorizerRef.V != ""):
		out.Authorizer = &val{}
	}
	return out
}

func (b builder) domain(dn *model.DomainName) inDomain {
	out := inDomain{
		Name: b.str(dn.Name), Address: addressOf(dn.Source, dn.ID), V2: dn.V2,
		Mappings: []inMapping{}, loc: locOf(dn.Source.Range),
	}
	for _, m := range dn.Mappings {
		im := inMapping{BasePath: b.str(m.BasePath), Stage: b.str(m.Stage), loc: locOf(m.Source.Range)}
		if m.API != nil {
			im.API = addressOf(m.API.Source, m.API.ID)
		}
		out.Mappings = append(out.Mappings, im)
	}
	return out
}

// ---- text -------------------------------------------------------------------

type treeWriter struct{ w *bufio.Writer }

// line writes one tree line at the given depth (two spaces a level).
func (t treeWriter) line(depth int, format string, args ...any) {
	_, _ = fmt.Fprintf(t.w, "%s%s\n", strings.Repeat("  ", depth), fmt.Sprintf(format, args...))
}

func (doc *inspectDoc) writeText(w *bufio.Writer) {
	t := treeWriter{w}
	if len(doc.Distributions) == 0 && len(doc.APIs) == 0 && len(doc.Domains) == 0 {
		t.line(0, "no CloudFront distribution, API Gateway API or custom domain found in %s", plural(len(doc.Files), "file", "files"))
		return
	}
	// Top-level entities are separated by a blank line.
	n := 0
	block := func() {
		if n > 0 {
			t.line(0, "")
		}
		n++
	}
	for _, d := range doc.Distributions {
		block()
		d.writeText(t)
	}
	for _, a := range doc.APIs {
		block()
		a.writeText(t)
	}
	for _, dn := range doc.Domains {
		block()
		dn.writeText(t)
	}
}

func (d inDistribution) writeText(t treeWriter) {
	t.line(0, "distribution %s%s", clean(d.Address), d.suffix())
	if d.Path != "" {
		t.line(1, "construct path: %s", clean(d.Path))
	}
	t.line(1, "aliases: %s", d.Aliases.text())
	if d.Incomplete {
		t.line(1, "incomplete: origins or behaviors come from content edgelint cannot expand")
	}
	for _, o := range d.Origins {
		t.line(1, "origin %s%s", o.ID.quoted(), o.suffix())
		t.line(2, "domain name: %s", o.DomainName.text())
		t.line(2, "origin path: %s", o.OriginPath.text())
		if o.S3 {
			t.line(2, "S3 origin")
		}
		if len(o.CustomHeaders) > 0 {
			t.line(2, "custom headers: %s", vals{items: o.CustomHeaders, known: true}.text())
		}
		t.line(2, "link: %s", o.Link.text())
	}
	for _, g := range d.OriginGroups {
		t.line(1, "origin group %s%s", g.ID.quoted(), g.suffix())
		t.line(2, "members: %s", vals{items: g.Members, known: true}.text())
	}
	for _, bh := range d.Behaviors {
		order := strconv.Itoa(bh.Order)
		if bh.Default {
			order = "default"
		}
		t.line(1, "behavior %s %s%s", order, bh.PathPattern.quoted(), bh.suffix())
		target := bh.TargetOriginID.quoted()
		switch {
		case bh.OriginGroup:
			target += " (origin group: " + clean(strings.Join(bh.Targets, ", ")) + ")"
		case len(bh.Targets) == 0 && bh.TargetOriginID.known:
			target += " (no such origin)"
		}
		t.line(2, "target origin: %s", target)
		t.line(2, "allowed methods: %s", bh.AllowedMethods.text())
		t.line(2, "cache policy: %s", bh.CachePolicy.text())
		t.line(2, "origin request policy: %s", bh.OriginRequestPolicy.text())
		if f := bh.ForwardedValues; f != nil {
			qs := "(unknown)"
			if f.QueryString.known {
				qs = strconv.FormatBool(f.QueryString.v)
			}
			t.line(2, "forwarded values (legacy): headers %s; query string %s%s", f.Headers.text(), qs, f.suffix())
		}
		for _, f := range bh.Functions {
			kind := "CloudFront Function"
			if f.Kind == "lambda-edge" {
				kind = "Lambda@Edge"
			}
			t.line(2, "function: %s %s%s", f.EventType.text(), kind, f.suffix())
		}
	}
}

func (l *inLink) text() string {
	if l == nil {
		return "not linked"
	}
	via := "via execute-api"
	if l.Via == "custom-domain" {
		via = "via custom domain " + clean(l.Domain)
	}
	if l.API == "" {
		return "→ custom domain " + clean(l.Domain) + " (mapped to no single API of the scan)"
	}
	stage := ""
	if l.Stage != "" {
		stage = ", stage " + strconv.Quote(clean(l.Stage))
	}
	return "→ API " + clean(l.API) + " (" + l.Kind + ") " + via + stage
}

func (p *inPolicy) text() string {
	if p == nil {
		return "(none)"
	}
	if !p.Resolved {
		if !p.Ref.known {
			return "(unknown)"
		}
		return p.Ref.text() + " (not found: neither defined in the scan nor an AWS managed policy)"
	}
	var name string
	switch {
	case p.Managed || p.Address == "":
		name = clean(p.Name)
		if name == "" {
			name = p.Ref.text()
		}
	case p.Name != "":
		name = clean(p.Address) + ", name " + strconv.Quote(p.Name)
	default:
		name = clean(p.Address)
	}
	var attrs []string
	if p.Managed {
		attrs = append(attrs, "managed")
	}
	hdr := "headers " + p.HeaderBehavior.text()
	if len(p.Headers.items) > 0 || !p.Headers.known {
		hdr += " " + p.Headers.text()
	}
	attrs = append(attrs, hdr, "query strings "+p.QueryStringBehavior.text())
	return name + " (" + strings.Join(attrs, "; ") + ")" + p.suffix()
}

func (a inAPI) writeText(t treeWriter) {
	t.line(0, "%s API %s%s", a.Kind, clean(a.Address), a.suffix())
	if a.Path != "" {
		t.line(1, "construct path: %s", clean(a.Path))
	}
	t.line(1, "name: %s", a.Name.text())
	if !a.EndpointTypes.known || len(a.EndpointTypes.items) > 0 {
		t.line(1, "endpoint types: %s", a.EndpointTypes.text())
	}
	switch {
	case !a.DisableExecuteAPIEndpoint.known:
		t.line(1, "execute-api endpoint: (unknown)")
	case a.DisableExecuteAPIEndpoint.v:
		t.line(1, "execute-api endpoint: disabled")
	}
	if len(a.Stages) == 0 {
		t.line(1, "stages: (none)")
	} else {
		t.line(1, "stages:")
	}
	for _, s := range a.Stages {
		var attrs []string
		if s.Implicit {
			attrs = append(attrs, "implicit")
		}
		if s.AutoDeploy != nil {
			ad := "(unknown)"
			if s.AutoDeploy.known {
				ad = strconv.FormatBool(s.AutoDeploy.v)
			}
			attrs = append(attrs, "auto deploy "+ad)
		}
		extra := ""
		if len(attrs) > 0 {
			extra = " [" + strings.Join(attrs, ", ") + "]"
		}
		t.line(2, "%s%s%s", s.Name.quoted(), extra, s.suffix())
	}
	if a.StagesUnknown != "" {
		t.line(1, "stages may exist outside the scan: %s", clean(a.StagesUnknown))
	}
	if len(a.Deployments) > 0 {
		t.line(1, "deployments:")
	}
	for _, d := range a.Deployments {
		stage := ""
		if d.StageName != nil {
			stage = ", creates stage " + d.StageName.quoted()
		}
		t.line(2, "%s%s%s", clean(d.Address), stage, d.suffix())
	}
	if len(a.Authorizers) > 0 {
		t.line(1, "authorizers:")
	}
	for _, z := range a.Authorizers {
		t.line(2, "%s: type %s, identity sources %s%s", z.Name.quoted(), z.Type.text(), z.IdentitySources.text(), z.suffix())
	}
	if len(a.Resources) == 0 {
		t.line(1, "resources: (none)")
	} else {
		t.line(1, "resources:")
	}
	for _, r := range a.Resources {
		path := r.Path.text()
		if r.CatchAll {
			path += " (catch-all: matches any path)"
		}
		t.line(2, "%s%s", path, r.suffix())
		for _, m := range r.Methods {
			t.line(3, "%s", m.text())
		}
	}
	if a.ResourcesUnknown != "" {
		t.line(1, "resources not fully known: %s", clean(a.ResourcesUnknown))
	}
}

func (m inMethod) text() string {
	s := m.HTTPMethod.text() + ": authorization " + m.Authorization.text()
	if m.Authorizer != nil {
		s += ", authorizer " + m.Authorizer.quoted()
		if m.IdentitySources != nil {
			s += " (identity sources " + m.IdentitySources.text() + ")"
		}
	}
	switch {
	case !m.APIKeyRequired.known:
		s += ", API key (unknown)"
	case m.APIKeyRequired.v:
		s += ", API key required"
	default:
		s += ", no API key"
	}
	return s + m.suffix()
}

func (dn inDomain) writeText(t treeWriter) {
	kind := "REST base path mappings"
	if dn.V2 {
		kind = "API mappings"
	}
	t.line(0, "custom domain %s, %s%s", dn.Name.text(), clean(dn.Address), dn.suffix())
	if len(dn.Mappings) == 0 {
		t.line(1, "%s: (none)", kind)
		return
	}
	t.line(1, "%s:", kind)
	for _, m := range dn.Mappings {
		api := clean(m.API)
		if api == "" {
			api = "an API outside the scan"
		}
		t.line(2, "base path %s → %s, stage %s%s", m.BasePath.quoted(), api, m.Stage.quoted(), m.suffix())
	}
}
