package serverless

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
)

// The compile step of the framework (v3, lib/plugins/aws/package/compile/
// events/api-gateway and http-api.js, with its logical IDs from
// lib/plugins/aws/lib/naming.js), for what edgelint's model reads: the
// REST API of the functions' http events, the HTTP API of their httpApi
// events, their authorizers, the stage, and serverless-domain-manager's
// custom domain.

// Logical IDs the framework gives what it generates.
const (
	restAPIID    = "ApiGatewayRestApi"
	httpAPIID    = "HttpApi"
	httpStageID  = "HttpApiStage"
	deploymentID = "ApiGatewayDeployment"
)

// compiler builds the template of one service.
type compiler struct {
	r    *resolver
	doc  *cf.Node // the service file, resolved
	path string

	res *entries // Resources

	restNeeded bool
	restAnchor model.Range
	// restUnknown says why the REST API's resources are not all known.
	restUnknown string
	// httpUnknown is the same for the HTTP API.
	httpUnknown string
	external    bool // provider.apiGateway.restApiId: an existing API
	httpExt     bool // provider.httpApi.id

	resources map[string]bool // REST resource paths made
	methods   []string        // REST method logical IDs, in order
	authz     map[string]bool // authorizer logical IDs made
	httpAPI   bool
	routes    map[string]bool

	// restEvents: an http event made a method of the REST API.
	restEvents bool
	// keysUnknown: the API keys or usage plans are not all known.
	keysUnknown bool
	// corsMethods are the methods an HTTP API CORS configuration
	// without allowedMethods allows: OPTIONS and those of the routes.
	corsMethods []string
}

func newCompiler(r *resolver, doc *cf.Node) *compiler {
	return &compiler{
		r: r, doc: doc, path: r.path, res: newEntries(),
		resources: map[string]bool{}, authz: map[string]bool{}, routes: map[string]bool{},
	}
}

// get follows keys in the resolved service file.
func get(n *cf.Node, keys ...string) *cf.Node {
	for _, k := range keys {
		if n == nil || n.Kind != cf.KMap {
			return nil
		}
		n = n.Get(k)
	}
	return n
}

// compile returns the template's Resources and the other sections of
// resources:.
func (c *compiler) compile() *cf.Node {
	provider := get(c.doc, "provider")
	if id := get(provider, "apiGateway", "restApiId"); id != nil {
		c.external = true
	}
	if id := get(provider, "httpApi", "id"); id != nil {
		c.httpExt = true
	}
	for _, fn := range c.functions() {
		c.function(fn.name, fn.val)
	}
	c.plugins()
	if c.restNeeded {
		c.restAPI(provider)
	}
	if c.restEvents {
		c.apiKeys(provider)
	}
	if c.httpAPI {
		c.httpCors(provider)
	}
	c.customDomains()
	return c.template()
}

type function struct {
	name     string
	key, val *cf.Node
}

// functions lists the service's functions in the order written
// (functions: may be a list of mappings, each included from a file).
func (c *compiler) functions() []function {
	fns := get(c.doc, "functions")
	var maps []*cf.Node
	switch {
	case fns == nil:
	case fns.Kind == cf.KMap:
		maps = []*cf.Node{fns}
	case fns.Kind == cf.KSeq:
		maps = fns.Items
	}
	var out []function
	for _, m := range maps {
		if m == nil || m.Kind != cf.KMap {
			if m != nil && c.r.isUnknown(m) {
				c.restUnknown = "some functions of the service are not known (" + m.Vals[0].Str + ")"
				c.httpUnknown = c.restUnknown
			}
			continue
		}
		for i, k := range m.Keys {
			out = append(out, function{name: k.Str, key: k, val: m.Vals[i]})
		}
	}
	return out
}

// function compiles the events of one function.
func (c *compiler) function(name string, fn *cf.Node) {
	if fn == nil || fn.Kind != cf.KMap {
		return
	}
	events := fn.Get("events")
	if events == nil {
		return
	}
	if events.Kind != cf.KSeq {
		if c.r.isUnknown(events) {
			c.restUnknown = "the events of function " + name + " are not known"
			c.httpUnknown = c.restUnknown
		}
		return
	}
	for _, ev := range events.Items {
		if ev == nil || ev.Kind != cf.KMap {
			continue
		}
		for i, k := range ev.Keys {
			switch k.Str {
			case "http":
				c.httpEvent(name, k, ev.Vals[i])
			case "httpApi":
				c.httpAPIEvent(name, k, ev.Vals[i])
			}
		}
	}
}

// plugins compiles what the plugins that add methods to the service's
// REST API add: serverless-step-functions' state machines' http events are
// compiled as the functions' are; serverless-apigateway-service-proxy's
// proxies are not, and leave the API's resources unknown.
func (c *compiler) plugins() {
	ps := get(c.doc, "plugins")
	if ps != nil && ps.Kind == cf.KMap {
		ps = ps.Get("modules")
	}
	if ps == nil || ps.Kind != cf.KSeq {
		return
	}
	for _, p := range ps.Items {
		name, ok := lit(p)
		if !ok {
			continue
		}
		switch strings.TrimSpace(name) {
		case "serverless-step-functions":
			machines := get(c.doc, "stepFunctions", "stateMachines")
			if machines == nil || machines.Kind != cf.KMap {
				continue
			}
			for i, k := range machines.Keys {
				c.function(k.Str, machines.Vals[i])
			}
		case "serverless-apigateway-service-proxy":
			if get(c.doc, "custom", "apiGatewayServiceProxies") != nil {
				c.restNeeded = true
				if c.restAnchor.File == "" {
					c.restAnchor = p.Rng
				}
				c.restUnknown = "serverless-apigateway-service-proxy adds methods to it that edgelint does not read"
			}
		}
	}
}

// restEvent is one http event.
type restEvent struct {
	fn               string
	method, path     string
	methodN, pathN   *cf.Node
	node             *cf.Node
	private          *cf.Node
	authorizer, cors *cf.Node
	authorizerKey    *cf.Node
}

// httpEvent compiles an http event: its resources, method, authorizer and
// CORS preflight method.
func (c *compiler) httpEvent(fn string, key, v *cf.Node) {
	if c.external {
		c.restEvents = true
		c.r.note("external", key.Rng, model.SevInfo,
			"the http events are added to an existing REST API (provider.apiGateway.restApiId): its other resources and stages are not in this service, and edgelint does not analyze it")
		return
	}
	c.restNeeded = true
	if c.restAnchor.File == "" {
		c.restAnchor = key.Rng
	}
	ev := restEvent{fn: fn, node: v}
	switch {
	case v == nil:
		return
	case v.IsScalar():
		// "GET users/{id}"
		parts := strings.Fields(v.Str)
		if len(parts) != 2 {
			c.restUnknown = "the http event " + quote(v.Str) + " of function " + fn + " is not \"METHOD path\""
			return
		}
		ev.method, ev.path, ev.methodN, ev.pathN = parts[0], parts[1], v, v
	case v.Kind == cf.KMap:
		ev.methodN, ev.pathN = v.Get("method"), v.Get("path")
		m, mok := lit(ev.methodN)
		p, pok := lit(ev.pathN)
		if !mok || !pok {
			c.restUnknown = "the path or method of an http event of function " + fn + " is not known"
			return
		}
		ev.method, ev.path = m, p
		ev.private = v.Get("private")
		ev.authorizer, ev.authorizerKey = v.Entry("authorizer")
		ev.cors = v.Get("cors")
	default:
		c.restUnknown = "an http event of function " + fn + " is not known"
		return
	}
	// getHttpPath: one leading and one trailing "/" removed.
	path := strings.TrimSuffix(strings.TrimPrefix(ev.path, "/"), "/")
	method := strings.ToLower(strings.TrimSpace(ev.method))
	if method == "*" {
		method = "any"
	}
	resID := c.restResource(path, rangeOf(ev.pathN, key.Rng))
	methodID := "ApiGatewayMethod" + normalizePath(path) + upperFirst(method)
	if c.res.has(methodID) {
		return
	}
	props := newEntries()
	evRng := rangeOf(v, key.Rng)
	props.set(strNode("HttpMethod", evRng), strNode(strings.ToUpper(method), rangeOf(ev.methodN, evRng)))
	props.set(strNode("RequestParameters", evRng), mapNode(evRng))
	props.set(strNode("ResourceId", evRng), resID)
	props.set(strNode("RestApiId", evRng), refNode(restAPIID, evRng))
	if ev.private != nil {
		if b, ok := lit(ev.private); ok {
			props.set(strNode("ApiKeyRequired", evRng), boolNode(strings.EqualFold(b, "true"), ev.private.Rng))
		} else {
			props.set(strNode("ApiKeyRequired", evRng), ev.private)
		}
	} else {
		props.set(strNode("ApiKeyRequired", evRng), boolNode(false, evRng))
	}
	c.restAuthorization(props, ev, evRng)
	props.set(strNode("Integration", evRng), mapNode(evRng, "Type", strNode(integrationType(v), evRng), "IntegrationHttpMethod", strNode("POST", evRng)))
	rng := rangeOf(ev.pathN, evRng)
	c.res.set(strNode(methodID, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGateway::Method", rng),
		"Properties", props.node(rng)))
	c.methods = append(c.methods, methodID)
	c.restEvents = true
	if ev.cors != nil && c.corsEnabled(ev.cors) {
		c.corsMethod(path, resID, ev.cors.Rng)
	}
}

// integrationType is the integration an http event asks for.
func integrationType(v *cf.Node) string {
	if v != nil && v.Kind == cf.KMap {
		if s, ok := lit(v.Get("integration")); ok {
			switch strings.ToLower(s) {
			case "lambda":
				return "AWS"
			case "http":
				return "HTTP"
			case "http-proxy", "http_proxy":
				return "HTTP_PROXY"
			case "mock":
				return "MOCK"
			case "aws":
				return "AWS"
			}
		}
	}
	return "AWS_PROXY"
}

func (c *compiler) corsEnabled(n *cf.Node) bool {
	if n.Kind == cf.KMap {
		return true
	}
	return truthy(n)
}

// corsMethod adds the OPTIONS method the framework adds for CORS.
func (c *compiler) corsMethod(path string, resID *cf.Node, rng model.Range) {
	id := "ApiGatewayMethod" + normalizePath(path) + "Options"
	if c.res.has(id) {
		return
	}
	c.res.set(strNode(id, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGateway::Method", rng),
		"Properties", mapNode(rng,
			"AuthorizationType", strNode("NONE", rng),
			"HttpMethod", strNode("OPTIONS", rng),
			"MethodResponses", seqNode(rng),
			"RequestParameters", mapNode(rng),
			"Integration", mapNode(rng, "Type", strNode("MOCK", rng)),
			"ResourceId", resID,
			"RestApiId", refNode(restAPIID, rng))))
	c.methods = append(c.methods, id)
}

// restResource makes the resources of path and its prefixes and returns
// the ResourceId of path (the root's for "").
func (c *compiler) restResource(path string, rng model.Range) *cf.Node {
	if path == "" {
		return getAttNode(restAPIID, "RootResourceId", rng)
	}
	parts := strings.Split(path, "/")
	parent := getAttNode(restAPIID, "RootResourceId", rng)
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		id := "ApiGatewayResource" + normalizePath(prefix)
		if !c.resources[prefix] && !c.res.has(id) {
			c.resources[prefix] = true
			c.res.set(strNode(id, rng), mapNode(rng,
				"Type", strNode("AWS::ApiGateway::Resource", rng),
				"Properties", mapNode(rng,
					"ParentId", parent,
					"PathPart", strNode(parts[i], rng),
					"RestApiId", refNode(restAPIID, rng))))
		}
		parent = refNode(id, rng)
	}
	return parent
}

// authSpec is an http event's authorizer, as the framework reads it
// (api-gateway/lib/validate.js, getAuthorizer).
type authSpec struct {
	typ      string // AWS_IAM, TOKEN, REQUEST, COGNITO_USER_POOLS
	name     string
	arn      string
	id       *cf.Node // authorizerId of an existing authorizer
	identity *cf.Node
	node     *cf.Node
	// noIdentity: no identity source, not even the default.
	noIdentity bool
}

// restAuthorization sets a method's authorization from its event.
func (c *compiler) restAuthorization(props *entries, ev restEvent, evRng model.Range) {
	a := ev.authorizer
	if a == nil || a.Kind == cf.KNull {
		props.set(strNode("AuthorizationType", evRng), strNode("NONE", evRng))
		return
	}
	rng := authRange(a, ev.authorizerKey)
	spec, ok := c.readAuthorizer(a)
	if !ok {
		// Which authorizer it is is not known: so is the method's
		// authorization.
		props.set(strNode("AuthorizationType", rng), c.r.unknownNode("authorizer of "+ev.fn, rng))
		return
	}
	switch spec.typ {
	case "AWS_IAM":
		props.set(strNode("AuthorizationType", rng), strNode("AWS_IAM", rng))
		return
	case "COGNITO_USER_POOLS":
		props.set(strNode("AuthorizationType", rng), strNode("COGNITO_USER_POOLS", rng))
	default:
		props.set(strNode("AuthorizationType", rng), strNode("CUSTOM", rng))
	}
	if spec.id != nil {
		props.set(strNode("AuthorizerId", rng), spec.id)
		return
	}
	id := normalizeFunctionName(spec.name) + "ApiGatewayAuthorizer"
	props.set(strNode("AuthorizerId", rng), refNode(id, rng))
	identity := spec.identity
	if identity == nil && !spec.noIdentity {
		identity = strNode("method.request.header.Authorization", rng)
	}
	node := mapNode(rng,
		"Type", strNode("AWS::ApiGateway::Authorizer", rng),
		"Properties", mapNode(rng,
			"IdentitySource", identity,
			"Name", strNode(spec.name, rng),
			"RestApiId", refNode(restAPIID, rng),
			"Type", strNode(spec.typ, rng)))
	if c.authz[id] {
		// Events that name the same authorizer each compile it: the
		// framework merges them (lodash's merge), the last event's
		// settings winning where it has them. The authorizer stays
		// where it was first written.
		prev := c.res.get(id)
		c.res.set(strNode(id, rng), merge(prev, node, 0))
		return
	}
	c.authz[id] = true
	c.res.set(strNode(id, rng), node)
}

// authRange is where an authorizer is written: its name, or, for a
// mapping, its key (the line that declares it).
func authRange(a, key *cf.Node) model.Range {
	if a.Kind == cf.KMap && key != nil {
		return key.Rng
	}
	return a.Rng
}

// readAuthorizer reads an http event's authorizer.
func (c *compiler) readAuthorizer(a *cf.Node) (authSpec, bool) {
	spec := authSpec{node: a}
	if s, ok := lit(a); ok {
		switch {
		case strings.EqualFold(s, "aws_iam"):
			spec.typ = "AWS_IAM"
		case !strings.Contains(s, ":"):
			spec.name, spec.typ = s, "TOKEN"
		default:
			spec.arn, spec.name = s, nameFromARN(s)
			spec.typ = "TOKEN"
			if strings.Contains(s, "cognito-idp") {
				spec.typ = "COGNITO_USER_POOLS"
			}
		}
		return spec, true
	}
	if a.Kind != cf.KMap {
		return spec, false
	}
	typ := ""
	if t := a.Get("type"); t != nil {
		s, ok := lit(t)
		if !ok {
			return spec, false
		}
		typ = strings.ToUpper(strings.TrimSpace(s))
	}
	if typ == "AWS_IAM" {
		spec.typ = typ
		return spec, true
	}
	name, nameOK := lit(a.Get("name"))
	arn, arnOK := lit(a.Get("arn"))
	switch {
	case typ != "" && a.Get("authorizerId") != nil:
		// An existing authorizer, of the type given.
		spec.id = a.Get("authorizerId")
	case a.Get("arn") != nil:
		if !arnOK {
			return spec, false
		}
		spec.arn = arn
		spec.name = name
		if !nameOK || name == "" {
			spec.name = nameFromARN(arn)
		}
	case nameOK && name != "":
		spec.name = name
	default:
		return spec, false
	}
	switch {
	case typ == "COGNITO_USER_POOLS" || strings.Contains(spec.arn, "cognito-idp"):
		spec.typ = "COGNITO_USER_POOLS"
	case typ == "REQUEST":
		spec.typ = "REQUEST"
	case typ == "" || typ == "TOKEN":
		spec.typ = "TOKEN"
	case typ == "CUSTOM":
		spec.typ = "TOKEN"
	default:
		return spec, false
	}
	spec.identity = a.Get("identitySource")
	// A REQUEST authorizer whose results are not cached may have no
	// identity source; every other one defaults to the Authorization
	// header.
	if ttl, ok := lit(a.Get("resultTtlInSeconds")); ok && spec.typ == "REQUEST" && spec.identity == nil && strings.TrimSpace(ttl) == "0" {
		spec.noIdentity = true
	}
	return spec, true
}

// nameFromARN is the framework's extractAuthorizerNameFromArn.
func nameFromARN(arn string) string {
	parts := strings.Split(arn, ":")
	last := strings.Split(parts[len(parts)-1], "-")
	return last[len(last)-1]
}

// restAPI adds the REST API and its deployment, with the stage.
func (c *compiler) restAPI(provider *cf.Node) {
	rng := c.restAnchor
	props := newEntries()
	name := get(provider, "apiName")
	if name == nil {
		name = c.apiName(truthy(get(provider, "apiGateway", "shouldStartNameWithService")), rng)
	}
	props.set(strNode("Name", rng), name)
	endpoint := strNode("EDGE", rng)
	if et := get(provider, "endpointType"); et != nil {
		if s, ok := lit(et); ok {
			endpoint = strNode(strings.ToUpper(strings.TrimSpace(s)), et.Rng)
		} else {
			endpoint = et
		}
	}
	ec := mapNode(rng, "Types", seqNode(rangeOf(endpoint, rng), endpoint))
	if ids := get(provider, "vpcEndpointIds"); ids != nil {
		ec = mapNode(rng, "Types", seqNode(rangeOf(endpoint, rng), endpoint), "VpcEndpointIds", ids)
	}
	props.set(strNode("EndpointConfiguration", rng), ec)
	apiGW := get(provider, "apiGateway")
	if v := get(apiGW, "apiKeySourceType"); v != nil {
		props.set(strNode("ApiKeySourceType", rng), v)
	}
	if v := get(apiGW, "disableDefaultEndpoint"); v != nil {
		props.set(strNode("DisableExecuteApiEndpoint", rng), v)
	}
	if v := get(apiGW, "resourcePolicy"); v != nil {
		props.set(strNode("Policy", rng), mapNode(rng, "Version", strNode("2012-10-17", rng), "Statement", v))
	}
	c.res.set(strNode(restAPIID, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGateway::RestApi", rng),
		"Properties", props.node(rng)))
	// The framework makes a new deployment every time it deploys
	// (ApiGatewayDeployment<timestamp>, the timestamp left out here):
	// it depends on every method.
	stage := c.r.stage()
	deps := make([]*cf.Node, 0, len(c.methods))
	for _, m := range c.methods {
		deps = append(deps, strNode(m, stage.Rng))
	}
	c.res.set(strNode(deploymentID, stage.Rng), mapNode(stage.Rng,
		"Type", strNode("AWS::ApiGateway::Deployment", stage.Rng),
		"Properties", mapNode(stage.Rng,
			"RestApiId", refNode(restAPIID, stage.Rng),
			"StageName", stage),
		"DependsOn", seqNode(stage.Rng, deps...)))
}

// apiName is the name the framework gives an API: <stage>-<service>, or
// <service>-<stage> with shouldStartNameWithService.
func (c *compiler) apiName(serviceFirst bool, rng model.Range) *cf.Node {
	stage, service := c.r.stage(), c.serviceName()
	switch {
	case !stage.IsScalar() || !service.IsScalar():
		return c.r.unknownNode("API name", rng)
	case serviceFirst:
		return strNode(service.Str+"-"+stage.Str, rng)
	}
	return strNode(stage.Str+"-"+service.Str, rng)
}

func (c *compiler) serviceName() *cf.Node {
	s := get(c.doc, "service")
	if s != nil && s.Kind == cf.KMap {
		// The framework's older form: service: {name: …}.
		s = s.Get("name")
	}
	if s == nil {
		return c.r.unknownNode("service", startRange(c.path))
	}
	return s
}

// httpAPIEvent compiles an httpApi event into a route of the HTTP API.
func (c *compiler) httpAPIEvent(fn string, key, v *cf.Node) {
	if c.httpExt {
		c.r.note("external-http", key.Rng, model.SevInfo,
			"the httpApi events are added to an existing HTTP API (provider.httpApi.id): its other routes are not in this service, and edgelint does not analyze it")
		return
	}
	c.ensureHTTPAPI(key.Rng)
	var method, path string
	var rng model.Range
	var auth, authKey *cf.Node
	switch {
	case v == nil:
		return
	case v.IsScalar():
		rng = v.Rng
		s := strings.TrimSpace(v.Str)
		if s == "*" {
			method, path = "*", "*"
		} else {
			parts := strings.Fields(s)
			if len(parts) != 2 {
				c.httpUnknown = "the httpApi event " + quote(s) + " of function " + fn + " is not \"METHOD path\""
				return
			}
			method, path = parts[0], parts[1]
		}
	case v.Kind == cf.KMap:
		m, mok := lit(v.Get("method"))
		p, pok := lit(v.Get("path"))
		if !mok || !pok {
			c.httpUnknown = "the path or method of an httpApi event of function " + fn + " is not known"
			return
		}
		method, path = m, p
		rng = rangeOf(v.Get("path"), v.Rng)
		auth, authKey = v.Entry("authorizer")
	default:
		c.httpUnknown = "an httpApi event of function " + fn + " is not known"
		return
	}
	routeKey := "$default"
	idPart := "Default"
	if method != "*" || path != "*" {
		m := strings.ToUpper(strings.TrimSpace(method))
		if m == "*" {
			m = "ANY"
		}
		routeKey = m + " " + strings.TrimSpace(path)
		idPart = upperFirst(strings.ToLower(m)) + normalizePath(strings.Trim(path, "/"))
	}
	id := "HttpApiRoute" + idPart
	if c.routes[routeKey] {
		return
	}
	c.routes[routeKey] = true
	c.addCorsMethod(routeKey)
	props := newEntries()
	props.set(strNode("ApiId", rng), refNode(httpAPIID, rng))
	props.set(strNode("RouteKey", rng), strNode(routeKey, rng))
	c.httpAuthorization(props, fn, auth, authKey, rng)
	c.res.set(strNode(id, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGatewayV2::Route", rng),
		"Properties", props.node(rng)))
}

// ensureHTTPAPI adds the HTTP API and its $default stage.
func (c *compiler) ensureHTTPAPI(rng model.Range) {
	if c.httpAPI {
		return
	}
	c.httpAPI = true
	provider := get(c.doc, "provider")
	name := get(provider, "httpApi", "name")
	if name == nil {
		name = c.apiName(truthy(get(provider, "httpApi", "shouldStartNameWithService")), rng)
	}
	props := newEntries()
	props.set(strNode("Name", rng), name)
	props.set(strNode("ProtocolType", rng), strNode("HTTP", rng))
	if v := get(provider, "httpApi", "disableDefaultEndpoint"); v != nil {
		props.set(strNode("DisableExecuteApiEndpoint", rng), v)
	}
	c.res.set(strNode(httpAPIID, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGatewayV2::Api", rng),
		"Properties", props.node(rng)))
	c.res.set(strNode(httpStageID, rng), mapNode(rng,
		"Type", strNode("AWS::ApiGatewayV2::Stage", rng),
		"Properties", mapNode(rng,
			"ApiId", refNode(httpAPIID, rng),
			"StageName", strNode("$default", rng),
			"AutoDeploy", boolNode(true, rng))))
}

// httpAuthorization sets a route's authorization from its event's
// authorizer: a name of provider.httpApi.authorizers, or type aws_iam.
func (c *compiler) httpAuthorization(props *entries, fn string, a, key *cf.Node, rng model.Range) {
	if a == nil || a.Kind == cf.KNull {
		props.set(strNode("AuthorizationType", rng), strNode("NONE", rng))
		return
	}
	arng := authRange(a, key)
	var name string
	var ok bool
	switch {
	case a.IsScalar():
		name, ok = a.Str, true
	case a.Kind == cf.KMap:
		if t, tok := lit(a.Get("type")); tok && strings.EqualFold(t, "aws_iam") {
			props.set(strNode("AuthorizationType", arng), strNode("AWS_IAM", arng))
			return
		}
		name, ok = lit(a.Get("name"))
	}
	if !ok || name == "" {
		props.set(strNode("AuthorizationType", arng), c.r.unknownNode("authorizer of "+fn, arng))
		return
	}
	decl := get(c.doc, "provider", "httpApi", "authorizers", name)
	if decl == nil || decl.Kind != cf.KMap {
		c.r.note("httpauth:"+name, arng, model.SevWarning,
			"authorizer %s is not declared under provider.httpApi.authorizers; the routes that use it are taken as needing unknown authorization", quote(name))
		props.set(strNode("AuthorizationType", arng), c.r.unknownNode("authorizer "+name, arng))
		return
	}
	typ := "JWT"
	if t, tok := lit(decl.Get("type")); tok && strings.EqualFold(t, "request") {
		typ = "REQUEST"
	}
	authType := "JWT"
	if typ == "REQUEST" {
		authType = "CUSTOM"
	}
	id := "HttpApiAuthorizer" + normalizeAlnum(name)
	props.set(strNode("AuthorizationType", arng), strNode(authType, arng))
	props.set(strNode("AuthorizerId", arng), refNode(id, arng))
	if c.authz[id] {
		return
	}
	c.authz[id] = true
	drng := decl.Rng
	ap := newEntries()
	ap.set(strNode("ApiId", drng), refNode(httpAPIID, drng))
	ap.set(strNode("AuthorizerType", drng), strNode(typ, drng))
	ap.set(strNode("Name", drng), strNode(name, drng))
	if is := decl.Get("identitySource"); is != nil {
		if is.Kind != cf.KSeq {
			is = seqNode(is.Rng, is)
		}
		ap.set(strNode("IdentitySource", drng), is)
	} else if typ == "JWT" {
		ap.set(strNode("IdentitySource", drng), seqNode(drng, strNode("$request.header.Authorization", drng)))
	}
	c.res.set(strNode(id, drng), mapNode(drng,
		"Type", strNode("AWS::ApiGatewayV2::Authorizer", drng),
		"Properties", ap.node(drng)))
}

// customDomains adds serverless-domain-manager's custom domains
// (custom.customDomain, custom.customDomains) with their base path
// mappings. The plugin creates them through the API Gateway API, not in
// the template; they are modelled as the template's resources would be.
func (c *compiler) customDomains() {
	custom := get(c.doc, "custom")
	var domains []*cf.Node
	if d := get(custom, "customDomain"); d != nil && d.Kind == cf.KMap {
		domains = append(domains, d)
	}
	if ds := get(custom, "customDomains"); ds != nil && ds.Kind == cf.KSeq {
		for _, d := range ds.Items {
			if d == nil || d.Kind != cf.KMap {
				continue
			}
			// The keyed form: - rest: {…} / - http: {…}.
			if len(d.Keys) == 1 && d.Vals[0] != nil && d.Vals[0].Kind == cf.KMap && d.Get("domainName") == nil {
				switch strings.ToLower(d.Keys[0].Str) {
				case "rest", "http", "websocket":
					inner := d.Vals[0]
					if inner.Get("apiType") == nil {
						inner = merge(inner, mapNode(inner.Rng, "apiType", strNode(strings.ToLower(d.Keys[0].Str), d.Keys[0].Rng)), 0)
					}
					d = inner
				}
			}
			domains = append(domains, d)
		}
	}
	for i, d := range domains {
		c.customDomain(i, d)
	}
}

func (c *compiler) customDomain(i int, d *cf.Node) {
	if e := d.Get("enabled"); e != nil {
		if s, ok := lit(e); ok && strings.EqualFold(strings.TrimSpace(s), "false") {
			return
		}
	}
	name := d.Get("domainName")
	if name == nil {
		return
	}
	rng := name.Rng
	apiType := "rest"
	if t, ok := lit(d.Get("apiType")); ok {
		apiType = strings.ToLower(strings.TrimSpace(t))
	}
	suffix := ""
	if i > 0 {
		suffix = strconv.Itoa(i + 1)
	}
	basePath := strNode("", rng)
	if bp := d.Get("basePath"); bp != nil {
		if s, ok := lit(bp); ok {
			if s == "(none)" {
				s = ""
			}
			basePath = strNode(strings.Trim(s, "/"), bp.Rng)
		} else {
			basePath = bp
		}
	}
	endpoint := "EDGE"
	var endpointRng = rng
	if et := d.Get("endpointType"); et != nil {
		if s, ok := lit(et); ok {
			endpoint = strings.ToUpper(strings.TrimSpace(s))
			endpointRng = et.Rng
		}
	}
	domainID := "DomainManagerDomainName" + suffix
	mappingID := "DomainManagerBasePathMapping" + suffix
	switch apiType {
	case "rest":
		if !c.restNeeded {
			return
		}
		stage := d.Get("stage")
		if stage == nil {
			stage = c.r.stage()
		}
		c.res.set(strNode(domainID, rng), mapNode(rng,
			"Type", strNode("AWS::ApiGateway::DomainName", rng),
			"Properties", mapNode(rng,
				"DomainName", name,
				"EndpointConfiguration", mapNode(endpointRng, "Types", seqNode(endpointRng, strNode(endpoint, endpointRng))))))
		c.res.set(strNode(mappingID, rng), mapNode(rng,
			"Type", strNode("AWS::ApiGateway::BasePathMapping", rng),
			"Properties", mapNode(rng,
				"DomainName", refNode(domainID, rng),
				"RestApiId", refNode(restAPIID, rng),
				"BasePath", basePath,
				"Stage", stage)))
	case "http":
		if !c.httpAPI {
			return
		}
		stage := d.Get("stage")
		if stage == nil {
			stage = strNode("$default", rng)
		}
		c.res.set(strNode(domainID, rng), mapNode(rng,
			"Type", strNode("AWS::ApiGatewayV2::DomainName", rng),
			"Properties", mapNode(rng,
				"DomainName", name,
				"DomainNameConfigurations", seqNode(rng, mapNode(rng, "EndpointType", strNode("REGIONAL", rng))))))
		c.res.set(strNode(mappingID, rng), mapNode(rng,
			"Type", strNode("AWS::ApiGatewayV2::ApiMapping", rng),
			"Properties", mapNode(rng,
				"DomainName", refNode(domainID, rng),
				"ApiId", refNode(httpAPIID, rng),
				"ApiMappingKey", basePath,
				"Stage", stage)))
	}
}

// template assembles the template: the generated resources, then the
// sections of resources: merged in (Resources, Outputs, Conditions,
// Mappings as lodash's merge does; extensions into the resources that
// exist).
func (c *compiler) template() *cf.Node {
	var parts []*cf.Node
	if rs := get(c.doc, "resources"); rs != nil {
		switch rs.Kind {
		case cf.KMap:
			parts = []*cf.Node{rs}
		case cf.KSeq:
			parts = rs.Items
		}
	}
	sections := newEntries()
	if out := c.outputs(); out != nil {
		sections.set(strNode("Outputs", out.Rng), out)
	}
	var extensions []*cf.Node
	for _, p := range parts {
		if p == nil || p.Kind != cf.KMap {
			continue
		}
		for i, k := range p.Keys {
			v := p.Vals[i]
			switch k.Str {
			case "Resources":
				if v == nil || v.Kind != cf.KMap {
					continue
				}
				for j, rk := range v.Keys {
					c.res.set(rk, merge(c.res.get(rk.Str), v.Vals[j], 0))
				}
			case "extensions":
				extensions = append(extensions, v)
			case "Outputs", "Conditions", "Mappings", "Parameters", "Metadata":
				sections.set(k, merge(sections.get(k.Str), v, 0))
			}
		}
	}
	for _, ext := range extensions {
		if ext == nil || ext.Kind != cf.KMap {
			continue
		}
		for j, rk := range ext.Keys {
			if !c.res.has(rk.Str) {
				if c.keysUnknown && keyResource(rk.Str) {
					// The keys and plans are not known: the
					// resource may be one of them.
					continue
				}
				c.r.note("extension:"+rk.Str, rk.Rng, model.SevWarning, "resources.extensions names %s, which the service does not define; the framework rejects it", rk.Str)
				continue
			}
			c.res.set(rk, merge(c.res.get(rk.Str), ext.Vals[j], 0))
		}
	}
	c.redeployAll()
	rng := startRange(c.path)
	root := newEntries()
	root.set(strNode("AWSTemplateFormatVersion", rng), strNode("2010-09-09", rng))
	params := sections.get("Parameters")
	for _, name := range c.r.unknowns {
		params = merge(params, mapNode(rng, name, mapNode(rng, "Type", strNode("String", rng))), 0)
	}
	if params != nil {
		root.set(strNode("Parameters", rng), params)
	}
	for _, k := range []string{"Conditions", "Mappings", "Metadata"} {
		if v := sections.get(k); v != nil {
			root.set(strNode(k, rng), v)
		}
	}
	root.set(strNode("Resources", rng), c.res.node(rng))
	if v := sections.get("Outputs"); v != nil {
		root.set(strNode("Outputs", rng), v)
	}
	return root.node(rng)
}

// outputs are the outputs the framework adds for its APIs, exported as
// sls-<service>-<stage>-<name>: ServiceEndpoint (the REST API's URL with
// the stage), HttpApiId and HttpApiUrl.
func (c *compiler) outputs() *cf.Node {
	stage, service := c.r.stage(), c.serviceName()
	if !stage.IsScalar() || !service.IsScalar() {
		return nil
	}
	prefix := "sls-" + service.Str + "-" + stage.Str + "-"
	out := newEntries()
	add := func(name string, rng model.Range, value *cf.Node) {
		out.set(strNode(name, rng), mapNode(rng,
			"Value", value,
			"Export", mapNode(rng, "Name", strNode(prefix+name, rng))))
	}
	url := func(api string, rng model.Range, suffix ...*cf.Node) *cf.Node {
		parts := append([]*cf.Node{strNode("https://", rng), refNode(api, rng), strNode(".execute-api.", rng),
			refNode("AWS::Region", rng), strNode(".", rng), refNode("AWS::URLSuffix", rng)}, suffix...)
		return mapNode(rng, "Fn::Join", seqNode(rng, strNode("", rng), seqNode(rng, parts...)))
	}
	if c.res.has(restAPIID) && c.res.has(deploymentID) {
		add("ServiceEndpoint", stage.Rng, url(restAPIID, stage.Rng, strNode("/"+stage.Str, stage.Rng)))
	}
	if c.httpAPI {
		rng := c.res.keys[c.res.at[httpAPIID]].Rng
		add("HttpApiId", rng, refNode(httpAPIID, rng))
		add("HttpApiUrl", rng, url(httpAPIID, rng))
	}
	if len(out.keys) == 0 {
		return nil
	}
	return out.node(stage.Rng)
}

// redeployAll makes the deployment depend on every method of the
// template, those resources: adds included. The framework deploys the
// REST API again on every deploy (a new ApiGatewayDeployment<timestamp>),
// so the deployment is never stale.
func (c *compiler) redeployAll() {
	dep := c.res.get(deploymentID)
	if dep == nil || dep.Kind != cf.KMap {
		return
	}
	var methods []*cf.Node
	for i, k := range c.res.keys {
		if t, ok := lit(c.res.vals[i].Get("Type")); ok && t == "AWS::ApiGateway::Method" {
			methods = append(methods, strNode(k.Str, dep.Rng))
		}
	}
	e := newEntries()
	for i, k := range dep.Keys {
		e.set(k, dep.Vals[i])
	}
	e.set(strNode("DependsOn", dep.Rng), seqNode(dep.Rng, methods...))
	c.res.set(strNode(deploymentID, dep.Rng), e.node(dep.Rng))
}

// Naming, as lib/plugins/aws/lib/naming.js.

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// normalizePathPart is lodash's capitalize (first letter upper, the rest
// lower), "-" → "Dash", "{x}" → "xVar", and only letters and digits kept.
func normalizePathPart(p string) string {
	s := upperFirst(strings.ToLower(p))
	s = strings.ReplaceAll(s, "-", "Dash")
	if i := strings.IndexByte(s, '{'); i >= 0 {
		if j := strings.LastIndexByte(s, '}'); j > i {
			s = s[:i] + s[i+1:j] + "Var" + s[j+1:]
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return upperFirst(b.String())
}

func normalizePath(path string) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	for p := range strings.SplitSeq(path, "/") {
		b.WriteString(normalizePathPart(p))
	}
	return b.String()
}

func normalizeFunctionName(name string) string {
	return upperFirst(strings.ReplaceAll(strings.ReplaceAll(name, "-", "Dash"), "_", "Underscore"))
}

func normalizeAlnum(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if isAlnum(name[i]) {
			b.WriteByte(name[i])
		}
	}
	return upperFirst(b.String())
}

func quote(s string) string { return "\"" + firstLine(s) + "\"" }
