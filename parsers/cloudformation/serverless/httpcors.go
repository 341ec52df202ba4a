package serverless

import (
	"strings"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
)

// The HTTP API's CORS configuration (provider.httpApi.cors), as the
// framework (v3, lib/plugins/aws/package/compile/events/http-api.js)
// writes it into the API's CorsConfiguration: cors: true takes every
// origin, the framework's default headers, and OPTIONS with the methods
// of the routes; a mapping takes its allowedOrigins and allowedHeaders
// (those defaults when absent), its allowedMethods (else OPTIONS and the
// routes' methods), allowCredentials when true, exposedResponseHeaders
// and maxAge.
//
// The CloudFormation reader, and with it the rules, read nothing of an
// HTTP API's CorsConfiguration, in a service as in a packaged template.
// API Gateway answers an HTTP API's preflight OPTIONS requests itself when
// CORS is configured, with or without an OPTIONS route
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html);
// EL008 counts only the OPTIONS methods an API declares.

// httpCorsHeaders are the headers cors: true allows.
var httpCorsHeaders = []string{
	"Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key",
	"X-Amz-Security-Token", "X-Amz-User-Agent", "X-Amzn-Trace-Id",
}

// httpRouteMethods are the methods an ANY route adds to the allowed
// methods, in the framework's order (its allowedMethods set, ANY left
// out).
var httpRouteMethods = []string{"GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE"}

// addCorsMethod notes the method of a route made, for the CORS
// configuration that lists the routes' methods.
func (c *compiler) addCorsMethod(routeKey string) {
	m := "ANY"
	if routeKey != "$default" {
		m, _, _ = strings.Cut(routeKey, " ")
	}
	add := func(m string) {
		for _, x := range c.corsMethods {
			if x == m {
				return
			}
		}
		c.corsMethods = append(c.corsMethods, m)
	}
	if m != "ANY" {
		add(m)
		return
	}
	for _, x := range httpRouteMethods {
		add(x)
	}
}

// httpCors sets the HTTP API's CorsConfiguration.
func (c *compiler) httpCors(provider *cf.Node) {
	cors := get(provider, "httpApi", "cors")
	if cors == nil || !c.res.has(httpAPIID) {
		return
	}
	var conf *cf.Node
	rng := cors.Rng
	switch {
	case c.r.isUnknown(cors):
		conf = cors
	case cors.Kind == cf.KMap:
		e := newEntries()
		if truthy(cors.Get("allowCredentials")) {
			e.set(strNode("AllowCredentials", rng), boolNode(true, cors.Get("allowCredentials").Rng))
		}
		e.set(strNode("AllowHeaders", rng), c.corsSet(cors.Get("allowedHeaders"), httpCorsHeaders, rng))
		e.set(strNode("AllowMethods", rng), c.corsSet(cors.Get("allowedMethods"), nil, rng))
		e.set(strNode("AllowOrigins", rng), c.corsSet(cors.Get("allowedOrigins"), []string{"*"}, rng))
		if v := cors.Get("exposedResponseHeaders"); v != nil && v.Kind != cf.KNull {
			e.set(strNode("ExposeHeaders", rng), c.corsSet(v, nil, rng))
		}
		if v := cors.Get("maxAge"); v != nil && v.Kind != cf.KNull {
			e.set(strNode("MaxAge", rng), v)
		}
		conf = e.node(rng)
	case truthy(cors):
		conf = mapNode(rng,
			"AllowHeaders", strList(httpCorsHeaders, rng),
			"AllowMethods", c.corsSet(nil, nil, rng),
			"AllowOrigins", strList([]string{"*"}, rng))
	default:
		return
	}
	api := c.res.get(httpAPIID)
	props := api.Get("Properties")
	e := newEntries()
	for i, k := range props.Keys {
		e.set(k, props.Vals[i])
	}
	e.set(strNode("CorsConfiguration", rng), conf)
	c.res.set(c.res.keys[c.res.at[httpAPIID]], mapNode(api.Rng,
		"Type", api.Get("Type"),
		"Properties", e.node(props.Rng)))
}

// corsSet is a list of the CORS configuration: v as a set (one value as
// a list of one), def when v is absent, or, for the methods (def nil and
// v absent), OPTIONS and the routes' methods.
func (c *compiler) corsSet(v *cf.Node, def []string, rng model.Range) *cf.Node {
	switch {
	case v == nil || v.Kind == cf.KNull:
		if def == nil {
			return strList(append([]string{"OPTIONS"}, c.corsMethods...), rng)
		}
		return strList(def, rng)
	case c.r.isUnknown(v):
		return v
	case v.Kind == cf.KSeq:
		seen := map[string]bool{}
		var items []*cf.Node
		for _, it := range v.Items {
			if s, ok := lit(it); ok {
				if seen[s] {
					continue
				}
				seen[s] = true
			}
			items = append(items, it)
		}
		return seqNode(v.Rng, items...)
	}
	return seqNode(v.Rng, v)
}

// strList is a list of strings, deduplicated in order.
func strList(ss []string, rng model.Range) *cf.Node {
	seen := map[string]bool{}
	var items []*cf.Node
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			items = append(items, strNode(s, rng))
		}
	}
	return seqNode(rng, items...)
}
