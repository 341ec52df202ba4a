package estate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/edgelint/edgelint/pathmatch"
)

// Vocabulary. Top-level API words are chosen so that none is a prefix of
// another: a behavior pattern "/orders*" then never reaches a sibling.
var (
	teams    = []string{"payments", "identity", "catalog", "search", "growth", "platform", "checkout", "media", "support", "logistics", "analytics", "mobile"}
	suffixes = []string{"api", "service", "edge", "backend", "gateway", "svc", "web", "public", "internal", "bff"}
	words    = []string{
		"orders", "users", "items", "products", "carts", "payments", "invoices", "accounts",
		"sessions", "reports", "search", "health", "catalog", "reviews", "shipments", "customers",
		"tickets", "events", "metrics", "profiles", "messages", "files", "images", "books",
		"authors", "teams", "projects", "tasks", "comments", "tags", "notifications", "webhooks",
		"subscriptions", "coupons", "inventory", "warehouses", "vendors", "billing", "quotes", "leads",
		"stores", "prices", "refunds", "returns", "devices", "alerts", "jobs", "queues",
		"exports", "imports", "media", "videos", "playlists", "channels", "rooms", "bookings",
		"flights", "hotels", "routes", "drivers", "vehicles", "trips", "claims", "policies",
		"quizzes", "courses", "lessons", "grades", "schools", "patients", "doctors", "visits",
		"wallets", "transfers", "loans", "cards", "offers", "banners", "surveys", "votes",
	}
	subWords    = []string{"items", "history", "status", "export", "summary", "settings", "members", "attachments", "events", "notes", "versions", "preview", "audit", "stats", "lines"}
	staticWords = []string{"static", "assets", "media-cdn", "img", "downloads", "docs", "fonts", "js", "css", "app", "web", "blog", "legacy", "help", "public", "uploads", "site", "landing"}
	stages      = []string{"prod", "dev", "staging", "v1", "live", "api", "main", "production", "test", "qa"}
	regions     = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "eu-north-1"}
)

func init() {
	// Stage names must not be top-level API words: a behavior "/api/*"
	// would otherwise carry a stage segment.
	isStage := map[string]bool{}
	for _, s := range stages {
		isStage[s] = true
	}
	var w []string
	for _, x := range words {
		if !isStage[x] {
			w = append(w, x)
		}
	}
	words = w
	for i, a := range words {
		for j, b := range words {
			if i != j && strings.HasPrefix(b, a) {
				panic("estate: word " + a + " is a prefix of " + b)
			}
		}
	}
}

// Managed CloudFront policies (aws-facts §3).
const (
	cachingDisabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	cachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	allViewerNoHost  = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	corsCustomOrigin = "59781a5b-3903-41f3-afcb-af62929ccde1"
	// allViewer forwards the viewer's Host (EL007's seeded fault).
	allViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3"
)

var allMethods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

type apiKind int

const (
	restAPI apiKind = iota
	httpAPI
)

// node is one API resource (REST) or route path (HTTP).
type node struct {
	part    string // path part, e.g. "{id}"
	path    string // full path, e.g. "/orders/{id}"
	parent  int    // index of the parent node, -1 for the root
	methods []string
	auth    bool // the first method uses a CUSTOM authorizer
}

// api is one planned API.
type api struct {
	kind  apiKind
	name  string
	stage string // "$default" for an HTTP API served from its base URL
	nodes []node
	tops  []top
	// authorized: some methods use a Lambda authorizer; forwardAuth: the
	// behaviors deliver the Authorization header (AllViewerExceptHostHeader).
	authorized  bool
	forwardAuth bool
}

// top is a first path segment and what lies under it.
type top struct {
	word string
	self bool // the segment itself has a method
	sub  bool // resources below it have methods
}

func (a *api) methodNodes() []int {
	var out []int
	for i, n := range a.nodes {
		if len(n.methods) > 0 {
			out = append(out, i)
		}
	}
	return out
}

func (a *api) resourceCount() int { return len(a.nodes) }

// words picks n distinct unused words.
func takeWords(r *rand.Rand, used map[string]bool, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 50*n+100; tries++ {
		w := words[r.IntN(len(words))]
		if used[w] {
			continue
		}
		used[w] = true
		out = append(out, w)
	}
	// Large APIs run out of words: number further ones.
	for i := 2; len(out) < n; i++ {
		for _, b := range words {
			w := fmt.Sprintf("%s-v%d", b, i)
			if len(out) == n {
				break
			}
			if !used[w] && !used[b] {
				used[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

func singular(w string) string {
	w = strings.TrimSuffix(w, "-v2")
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "ses"), strings.HasSuffix(w, "xes"):
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, c := range s {
		if c == '-' || c == '_' || c == '{' || c == '}' || c == '+' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteRune(c)
	}
	return b.String()
}

// newAPI plans an API. large gives it hundreds of resources.
func newAPI(r *rand.Rand, kind apiKind, large bool, used map[string]bool) *api {
	a := &api{kind: kind}
	a.name = words[r.IntN(len(words))] + "-" + suffixes[r.IntN(len(suffixes))]
	if kind == httpAPI && r.IntN(4) != 0 {
		a.stage = "$default"
	} else {
		a.stage = stages[r.IntN(len(stages))]
	}
	nTop := 1 + r.IntN(6)
	if r.IntN(5) == 0 {
		nTop += r.IntN(8)
	}
	if large {
		nTop = 25 + r.IntN(16)
	}
	for _, w := range takeWords(r, used, nTop) {
		a.addTop(r, w, large)
	}
	return a
}

func (a *api) add(parent int, part string, methods []string) int {
	p := ""
	if parent >= 0 {
		p = a.nodes[parent].path
	}
	a.nodes = append(a.nodes, node{part: part, path: p + "/" + part, parent: parent, methods: methods})
	return len(a.nodes) - 1
}

// someMethods is GET and, by chance, each of others.
func someMethods(r *rand.Rand, others ...string) []string {
	m := []string{"GET"}
	for _, o := range others {
		if r.IntN(2) == 0 {
			m = append(m, o)
		}
	}
	return m
}

func (a *api) addTop(r *rand.Rand, w string, large bool) {
	t := top{word: w}
	var self []string
	if r.IntN(10) < 7 {
		self = someMethods(r, "POST")
	}
	ti := a.add(-1, w, self)
	t.self = len(self) > 0
	nChildren := r.IntN(3)
	if large {
		nChildren = 2 + r.IntN(4)
	}
	usedSub := map[string]bool{}
	param := false
	for c := 0; c < nChildren; c++ {
		switch k := r.IntN(10); {
		case k < 5 && !param:
			param = true
			pname := "{id}"
			if r.IntN(2) == 0 {
				pname = "{" + camelLower(singular(w)) + "Id}"
			}
			pi := a.add(ti, pname, someMethods(r, "PUT", "DELETE", "PATCH"))
			t.sub = true
			nGrand := r.IntN(2)
			if large {
				nGrand = 1 + r.IntN(3)
			}
			for g := 0; g < nGrand; g++ {
				sw := subWords[r.IntN(len(subWords))]
				if usedSub["p/"+sw] {
					continue
				}
				usedSub["p/"+sw] = true
				a.add(pi, sw, someMethods(r, "POST"))
			}
		case k < 6 && !param && !large:
			param = true
			a.add(ti, "{proxy+}", []string{"ANY"})
			t.sub = true
		default:
			sw := subWords[r.IntN(len(subWords))]
			if usedSub[sw] {
				continue
			}
			usedSub[sw] = true
			si := a.add(ti, sw, someMethods(r, "POST"))
			t.sub = true
			if large && r.IntN(2) == 0 {
				a.add(si, "{"+camelLower(singular(sw))+"Id}", []string{"GET"})
			}
		}
	}
	if !t.self && !t.sub {
		a.nodes[ti].methods = []string{"GET"}
		t.self = true
	}
	a.tops = append(a.tops, t)
}

func camelLower(s string) string {
	c := camel(s)
	if c == "" {
		return c
	}
	return strings.ToLower(c[:1]) + c[1:]
}

// patterns are the behavior path patterns that cover a top segment.
func (t top) patterns(r *rand.Rand) []string {
	w := "/" + t.word
	switch {
	case t.self && t.sub:
		if r.IntN(3) == 0 {
			return []string{w, w + "/*"}
		}
		return []string{w + "*"}
	case t.self:
		if r.IntN(2) == 0 {
			return []string{w}
		}
		return []string{w + "*"}
	default:
		return []string{w + "/*"}
	}
}

// originKind is what an origin points at.
type originKind int

const (
	originAPI originKind = iota
	originS3
	originALB
	originExternal
)

type origin struct {
	id   string
	kind originKind
	api  int // index into the unit's APIs for originAPI
	host string
}

type behavior struct {
	pattern string
	origin  int
	methods []string
	// fault marks the behavior seeded to reach no resource (EL004).
	fault bool
	// blocked, when set, says which method of the API the behavior's
	// allowed methods leave out (EL008's seeded fault).
	blocked string
	// shadowed, when set, names the earlier behavior that takes every
	// path of this one (EL012's seeded fault).
	shadowed string
}

// dist is a planned distribution.
type dist struct {
	origins   []origin
	behaviors []behavior
	def       int // origin of the default behavior
	// rootless, when set, says why the default behavior sends the home
	// URL to an API root without a method (EL011's seeded fault).
	rootless string
}

// newDist plans a distribution in front of apis. With faultEL004 one
// behavior of the first API's origin reaches no resource.
// wireAPIs puts a unit's APIs behind a distribution: the distribution,
// with the authorization of REST APIs (rest) set against its behaviors,
// and each API's policy style.
func wireAPIs(r *rand.Rand, apis []*api, used map[string]bool, u *unit, rest bool) (*dist, []policyStyle) {
	d := newDist(r, apis, used, u.fault == "EL004")
	if rest {
		for i := range apis {
			setAuth(r, apis, i, d, i == 0 && u.fault == "EL003")
		}
	}
	if u.fault == "EL008" {
		blockMethod(r, apis, d)
	}
	if u.fault == "EL012" {
		shadowBehavior(r, apis, d)
	}
	if u.fault == "EL011" {
		// The first API, a REST API, gets a greedy /{proxy+} at its root
		// and the default behavior: the home URL reaches its root, which
		// has no method.
		a := apis[0]
		a.add(-1, "{proxy+}", []string{"ANY"})
		for k, o := range d.origins {
			if o.kind == originAPI && o.api == 0 {
				d.def = k
			}
		}
		d.rootless = "the default behavior sends / to the root of " + a.name + ", which has no method; /{proxy+} serves the other paths"
	}
	styles := make([]policyStyle, 0, len(apis))
	for _, a := range apis {
		styles = append(styles, apiStyle(r, a))
	}
	return d, styles
}

func newDist(r *rand.Rand, apis []*api, used map[string]bool, faultEL004 bool) *dist {
	d := &dist{}
	n := 1 + r.IntN(2)
	switch k := r.IntN(100); {
	case k < 30:
		n = 3 + r.IntN(4)
	case k < 40:
		n = 7 + r.IntN(9)
	case k < 43:
		n = 16 + r.IntN(10)
	}
	n = max(n, len(apis))
	for i, a := range apis {
		id := "api"
		if i > 0 {
			id = fmt.Sprintf("api-%d", i+1)
		}
		if a.kind == httpAPI {
			id = strings.Replace(id, "api", "http-api", 1)
		}
		d.origins = append(d.origins, origin{id: id, kind: originAPI, api: i})
	}
	for i := len(apis); i < n; i++ {
		o := origin{}
		switch {
		case i == len(apis) || r.IntN(3) == 0:
			o.kind = originS3
			o.id = fmt.Sprintf("s3-%d", i)
		case r.IntN(2) == 0:
			o.kind = originALB
			o.id = fmt.Sprintf("alb-%d", i)
			o.host = fmt.Sprintf("internal-app-%d-%d.%s.elb.amazonaws.com", i, r.IntN(1_000_000_000), regions[r.IntN(len(regions))])
		default:
			o.kind = originExternal
			o.id = fmt.Sprintf("ext-%d", i)
			o.host = fmt.Sprintf("%s-%d.example.com", staticWords[r.IntN(len(staticWords))], i)
		}
		d.origins = append(d.origins, o)
	}
	var apiB, otherB []behavior
	for oi, o := range d.origins {
		if o.kind == originAPI {
			a := apis[o.api]
			for _, t := range a.tops {
				methods := allMethods
				if r.IntN(4) == 0 {
					methods = []string{"GET", "HEAD", "OPTIONS"}
					if !onlyReads(a, t.word) {
						methods = allMethods
					}
				}
				for _, p := range t.patterns(r) {
					apiB = append(apiB, behavior{pattern: p, origin: oi, methods: methods})
				}
			}
			continue
		}
		for k := 1 + r.IntN(3); k > 0; k-- {
			w := staticWords[r.IntN(len(staticWords))]
			if used["static/"+w] {
				w = fmt.Sprintf("%s-%d", w, oi)
			}
			used["static/"+w] = true
			p := "/" + w + "/*"
			if r.IntN(6) == 0 {
				p = "/" + w + "/*.js"
			}
			otherB = append(otherB, behavior{pattern: p, origin: oi, methods: []string{"GET", "HEAD"}})
		}
	}
	const maxBehaviors = 75
	room := maxBehaviors - len(apiB)
	if faultEL004 {
		room--
	}
	if room < 0 {
		apiB = apiB[:len(apiB)+room]
		room = 0
	}
	if len(otherB) > room {
		otherB = otherB[:room]
	}
	all := make([]behavior, 0, len(apiB)+len(otherB)+1)
	all = append(all, apiB...)
	all = append(all, otherB...)
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	if faultEL004 {
		w := takeWords(r, used, 1)[0]
		b := behavior{pattern: "/" + w + "/*", origin: 0, methods: allMethods, fault: true}
		at := r.IntN(len(all) + 1)
		all = append(all[:at], append([]behavior{b}, all[at:]...)...)
	}
	d.behaviors = unshadow(all)
	d.def = 0
	if len(d.origins) > len(apis) && r.IntN(2) == 0 {
		d.def = len(apis)
	}
	return d
}

// unshadow keeps the random order of behaviors from seeding faults it
// does not mean to: a behavior that the earlier ones leave no request
// (EL012: a pattern two origins share, "/media*" before "/media-cdn/*.js")
// is dropped, which changes no request's routing; a seeded fault that
// would be shadowed moves to the front, where it takes only the paths of
// its own word.
func unshadow(bs []behavior) []behavior {
	for {
		pats := make([]string, len(bs))
		for i, b := range bs {
			pats[i] = b.pattern
		}
		order := pathmatch.NewOrder(pats, nil)
		everything := pathmatch.PatternTemplate("*")
		k := -1
		for i := 1; i < len(bs) && k < 0; i++ {
			if _, ok, _ := order.Reach("", pats[i], i).Reaches(everything); !ok {
				k = i
			}
		}
		if k < 0 {
			return bs
		}
		b := bs[k]
		bs = append(bs[:k:k], bs[k+1:]...)
		if b.fault {
			bs = append([]behavior{b}, bs...)
		}
	}
}

// onlyReads reports whether every method under a top segment is a read.
func onlyReads(a *api, w string) bool {
	for _, n := range a.nodes {
		if n.path != "/"+w && !strings.HasPrefix(n.path, "/"+w+"/") {
			continue
		}
		for _, m := range n.methods {
			if m != "GET" {
				return false
			}
		}
	}
	return true
}

// globMatch matches a CloudFront pattern against a concrete path.
func globMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	if pattern[0] == '*' {
		for i := 0; i <= len(s); i++ {
			if globMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	}
	if s == "" || (pattern[0] != '?' && pattern[0] != s[0]) {
		return false
	}
	return globMatch(pattern[1:], s[1:])
}

// concrete turns a resource path into one path it serves.
func concrete(p string) string {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if strings.HasPrefix(s, "{") {
			s = "x1"
		}
		segs = append(segs, s)
	}
	return strings.Join(segs, "/")
}

// setAuth puts Lambda authorizers on some methods of API i. With fault set,
// the behaviors do not forward Authorization, and exactly one method that
// a behavior certainly routes to the API carries the authorizer (EL003).
func setAuth(r *rand.Rand, apis []*api, i int, d *dist, fault bool) {
	a := apis[i]
	if a.kind != restAPI {
		return
	}
	oi := -1
	for k, o := range d.origins {
		if o.kind == originAPI && o.api == i {
			oi = k
		}
	}
	if fault {
		// A GET on a non-greedy resource that the first matching behavior
		// (or the default behavior) sends to this API.
		var cands []int
		for ni, n := range a.nodes {
			if len(n.methods) == 0 || n.methods[0] != "GET" || strings.Contains(n.path, "+") {
				continue
			}
			if firstMatch(d, concrete(n.path)) == oi {
				cands = append(cands, ni)
			}
		}
		pick := -1
		if len(cands) > 0 {
			pick = cands[r.IntN(len(cands))]
		} else {
			// No behavior routes a GET to this API: give the first
			// segment a GET and an exact behavior of its own, first.
			for ni, n := range a.nodes {
				if n.parent == -1 {
					pick = ni
					break
				}
			}
			n := &a.nodes[pick]
			if len(n.methods) == 0 || n.methods[0] != "GET" {
				n.methods = append([]string{"GET"}, n.methods...)
			}
			d.behaviors = unshadow(append([]behavior{{pattern: n.path, origin: oi, methods: allMethods}}, d.behaviors...))
			for k := len(d.behaviors) - 1; len(d.behaviors) > 75 && k >= 0; k-- {
				if !d.behaviors[k].fault {
					d.behaviors = append(d.behaviors[:k], d.behaviors[k+1:]...)
				}
			}
		}
		a.nodes[pick].auth = true
		a.authorized = true
		a.forwardAuth = false
		return
	}
	if r.IntN(4) != 0 {
		return
	}
	a.authorized, a.forwardAuth = true, true
	for ni := range a.nodes {
		n := &a.nodes[ni]
		if len(n.methods) > 0 && n.methods[0] != "ANY" && r.IntN(2) == 0 {
			n.auth = true
		}
	}
}

// firstMatch returns the origin CloudFront routes a viewer path to.
func firstMatch(d *dist, p string) int {
	for _, b := range d.behaviors {
		if globMatch(b.pattern, p) {
			return b.origin
		}
	}
	return d.def
}

// writes are the methods CloudFront's GET, HEAD, OPTIONS leaves out.
var writes = []string{"DELETE", "PATCH", "POST", "PUT"}

// blockMethod seeds EL008: exactly one behavior in front of the first API
// allows only GET, HEAD, OPTIONS while a resource whose path it certainly
// receives (a literal path, no parameter) serves a write method.
func blockMethod(r *rand.Rand, apis []*api, d *dist) {
	a := apis[0]
	oi := -1
	for k, o := range d.origins {
		if o.kind == originAPI && o.api == 0 {
			oi = k
		}
	}
	type cand struct{ node, behavior int }
	// routed lists the literal nodes a behavior of the API's origin takes.
	routed := func(write bool) []cand {
		var out []cand
		for ni, n := range a.nodes {
			if strings.Contains(n.path, "{") || (write && !hasAny(n.methods, writes)) {
				continue
			}
			if bi := firstBehavior(d, n.path); bi >= 0 && d.behaviors[bi].origin == oi && !d.behaviors[bi].fault {
				out = append(out, cand{ni, bi})
			}
		}
		return out
	}
	cands := routed(true)
	if len(cands) == 0 {
		// No write method on a literal path a behavior takes: give one
		// such resource a POST.
		cands = routed(false)
		if len(cands) == 0 {
			// Not even that: the first segment gets GET, POST and an exact
			// behavior of its own, first.
			ni := 0
			for k, n := range a.nodes {
				if n.parent == -1 {
					ni = k
					break
				}
			}
			d.behaviors = unshadow(append([]behavior{{pattern: a.nodes[ni].path, origin: oi, methods: allMethods}}, d.behaviors...))
			for k := len(d.behaviors) - 1; len(d.behaviors) > 75 && k >= 0; k-- {
				if d.behaviors[k].pattern != a.nodes[ni].path && !d.behaviors[k].fault {
					d.behaviors = append(d.behaviors[:k], d.behaviors[k+1:]...)
				}
			}
			cands = []cand{{ni, firstBehavior(d, a.nodes[ni].path)}}
		}
		c := cands[r.IntN(len(cands))]
		n := &a.nodes[c.node]
		if len(n.methods) == 0 {
			n.methods = []string{"GET"}
		}
		if !hasAny(n.methods, writes) {
			n.methods = append(n.methods, "POST")
		}
		cands = []cand{c}
	}
	c := cands[r.IntN(len(cands))]
	n := a.nodes[c.node]
	var m string
	for _, x := range n.methods {
		if contains(writes, x) {
			m = x
			break
		}
	}
	b := &d.behaviors[c.behavior]
	b.methods = []string{"GET", "HEAD", "OPTIONS"}
	b.blocked = "behavior " + b.pattern + " allows GET, HEAD, OPTIONS; the API serves " + m + " " + n.path
}

func hasAny(list, of []string) bool {
	for _, x := range list {
		if contains(of, x) {
			return true
		}
	}
	return false
}

// firstBehavior returns the index of the behavior CloudFront routes a
// viewer path to, or -1 for the default behavior.
func firstBehavior(d *dist, p string) int {
	for i, b := range d.behaviors {
		if globMatch(b.pattern, p) {
			return i
		}
	}
	return -1
}

// shadowBehavior seeds EL012: right after a behavior it inserts one whose
// every path that behavior already matches, to the same origin with the
// same methods. In front of a static origin, "/w/*" is followed by
// "/w/*.css"; in front of an API, a behavior that takes a literal resource
// path p is followed by the exact pattern p, which still meets that
// resource (no EL004) but never receives a request.
func shadowBehavior(r *rand.Rand, apis []*api, d *dist) {
	type cand struct {
		after   int
		pattern string
	}
	var cands []cand
	taken := map[string]bool{}
	for _, b := range d.behaviors {
		taken[b.pattern] = true
	}
	for i, b := range d.behaviors {
		if d.origins[b.origin].kind != originAPI && strings.HasSuffix(b.pattern, "/*") && !taken[b.pattern+".css"] {
			cands = append(cands, cand{i, b.pattern + ".css"})
		}
	}
	for oi, o := range d.origins {
		if o.kind != originAPI {
			continue
		}
		for _, n := range apis[o.api].nodes {
			if strings.Contains(n.path, "{") || taken[n.path] {
				continue
			}
			if bi := firstBehavior(d, n.path); bi >= 0 && d.behaviors[bi].origin == oi {
				cands = append(cands, cand{bi, n.path})
			}
		}
	}
	if len(cands) == 0 {
		// No such behavior: the first API's first segment gets a GET and
		// a behavior "/w*" of its own, first, and that is the cover.
		a, oi := apis[0], 0
		for k, o := range d.origins {
			if o.kind == originAPI && o.api == 0 {
				oi = k
			}
		}
		ni := 0
		for k, n := range a.nodes {
			if n.parent == -1 {
				ni = k
				break
			}
		}
		n := &a.nodes[ni]
		if len(n.methods) == 0 {
			n.methods = []string{"GET"}
		}
		d.behaviors = unshadow(append([]behavior{{pattern: n.path + "*", origin: oi, methods: allMethods}}, d.behaviors...))
		cands = []cand{{firstBehavior(d, n.path), n.path}}
	}
	c := cands[r.IntN(len(cands))]
	cover := d.behaviors[c.after]
	b := behavior{pattern: c.pattern, origin: cover.origin, methods: cover.methods,
		shadowed: "behavior " + c.pattern + " comes after " + cover.pattern + ", which matches every path it matches"}
	bs := make([]behavior, 0, len(d.behaviors)+1)
	bs = append(bs, d.behaviors[:c.after+1]...)
	bs = append(bs, b)
	bs = append(bs, d.behaviors[c.after+1:]...)
	// Stay within the distribution's 75 behaviors: drop the last static
	// behavior that is neither of the two.
	for k := len(bs) - 1; len(bs) > 75 && k > c.after+1; k-- {
		if d.origins[bs[k].origin].kind != originAPI {
			bs = append(bs[:k], bs[k+1:]...)
		}
	}
	d.behaviors = bs
}
