package serverless

import (
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/model"
	cf "github.com/edgelint/edgelint/parsers/cloudformation"
)

// The API keys and usage plans of provider.apiGateway.apiKeys and
// provider.apiGateway.usagePlan, as the framework (v3) compiles them
// (lib/plugins/aws/package/compile/events/api-gateway/lib/api-keys.js,
// usage-plan.js, usage-plan-keys.js; their logical IDs from
// lib/plugins/aws/lib/naming.js): ApiGatewayApiKey<n> and
// ApiGatewayUsagePlanKey<n> for the keys of the default plan
// ApiGatewayUsagePlan, ApiGatewayApiKey<Plan><n>,
// ApiGatewayUsagePlanKey<Plan><n> and ApiGatewayUsagePlan<Plan> for the
// keys listed under a plan of a usagePlan list. The model reads nothing of
// them (a method's ApiKeyRequired, from private: true, is what the rules
// judge); they are made so that what resources: says of them (extensions,
// references) finds them as in the packaged template.

// apiKeys adds the API keys, usage plans and usage plan keys. The
// framework compiles them with the methods of the functions' http events,
// and only then (for an existing REST API too).
func (c *compiler) apiKeys(provider *cf.Node) {
	apiGW := get(provider, "apiGateway")
	keys, plan := get(apiGW, "apiKeys"), get(apiGW, "usagePlan")
	if c.r.isUnknown(keys) || c.r.isUnknown(plan) {
		c.keysUnknown = true
		return
	}
	keysOn := keys != nil && keys.Kind == cf.KSeq
	planOn := plan != nil && (plan.Kind == cf.KMap || plan.Kind == cf.KSeq || truthy(plan))
	if !keysOn && !planOn {
		return
	}
	stage := c.r.stage()
	// The plans, by name ("" for the default one).
	var plans []string
	planNodes := map[string]*cf.Node{}
	if plan != nil && plan.Kind == cf.KSeq {
		for _, p := range plan.Items {
			if p == nil || p.Kind != cf.KMap || len(p.Keys) == 0 {
				if c.r.isUnknown(p) {
					c.keysUnknown = true
				}
				continue
			}
			name := p.Keys[0].Str
			if _, dup := planNodes[name]; !dup {
				plans = append(plans, name)
			}
			planNodes[name] = p
		}
	} else {
		plans = []string{""}
		planNodes[""] = plan
	}
	// api-keys.js: a list item that is a mapping whose first key names a
	// plan of a usagePlan list holds that plan's keys, numbered from 1;
	// every other item is one key of the default plan, numbered on from
	// the last key made.
	type key struct {
		plan string
		n    int
		def  *cf.Node
	}
	var made []key
	if keysOn {
		n := 0
		for _, item := range keys.Items {
			if item == nil {
				continue
			}
			if item.Kind == cf.KMap && len(item.Keys) > 0 {
				name := item.Keys[0].Str
				if _, ok := planNodes[name]; ok && plan != nil && plan.Kind == cf.KSeq {
					n = 0
					group := item.Vals[0]
					if group == nil || group.Kind != cf.KSeq {
						c.keysUnknown = true
						continue
					}
					for _, k := range group.Items {
						if k == nil {
							continue
						}
						n++
						made = append(made, key{plan: name, n: n, def: k})
					}
					continue
				}
				if v := item.Vals[0]; v != nil && (v.Kind == cf.KMap || v.Kind == cf.KSeq) {
					// usage-plan-keys.js: API key "<name>" has no usage
					// plan defined.
					c.r.note("apikey-plan:"+name, item.Keys[0].Rng, model.SevWarning,
						"the API keys under %s name no plan of provider.apiGateway.usagePlan; the framework rejects the service (API key %s has no usage plan defined)", quote(name), quote(name))
					continue
				}
			}
			n++
			made = append(made, key{n: n, def: item})
		}
	}
	for _, k := range made {
		rng := rangeOf(k.def, keys.Rng)
		props := newEntries()
		enabled := boolNode(true, rng)
		var name *cf.Node
		switch {
		case k.def.IsScalar():
			name = k.def
		case k.def.Kind == cf.KMap:
			name = k.def.Get("name")
			if e := k.def.Get("enabled"); e != nil && e.Kind != cf.KNull {
				enabled = e
			}
		}
		props.set(strNode("Enabled", rng), enabled)
		if name != nil {
			props.set(strNode("Name", rng), name)
		}
		if k.def.Kind == cf.KMap {
			for _, f := range []struct{ from, to string }{{"value", "Value"}, {"description", "Description"}, {"customerId", "CustomerId"}} {
				if v := k.def.Get(f.from); v != nil && v.Kind != cf.KNull && (f.from != "value" || !v.IsScalar() || v.Str != "") {
					props.set(strNode(f.to, rng), v)
				}
			}
		}
		props.set(strNode("StageKeys", rng), seqNode(rng, mapNode(rng,
			"RestApiId", c.restAPIRef(rng),
			"StageName", stage)))
		c.res.set(strNode(apiKeyID(k.plan, k.n), rng), mapNode(rng,
			"Type", strNode("AWS::ApiGateway::ApiKey", rng),
			"Properties", props.node(rng),
			"DependsOn", strNode(deploymentID, rng)))
	}
	for _, name := range plans {
		c.usagePlan(name, planNodes[name], plan, stage)
	}
	for _, k := range made {
		rng := rangeOf(k.def, keys.Rng)
		planID := "ApiGatewayUsagePlan" + upperFirst(k.plan)
		// upperFirst("") is "": the default plan's keys have no plan name.
		id := "ApiGatewayUsagePlanKey" + upperFirst(k.plan) + strconv.Itoa(k.n)
		c.res.set(strNode(id, rng), mapNode(rng,
			"Type", strNode("AWS::ApiGateway::UsagePlanKey", rng),
			"Properties", mapNode(rng,
				"KeyId", refNode(apiKeyID(k.plan, k.n), rng),
				"KeyType", strNode("API_KEY", rng),
				"UsagePlanId", refNode(planID, rng))))
	}
}

// restAPIRef is the REST API the keys and plans are for: the service's, or
// the existing one of provider.apiGateway.restApiId.
func (c *compiler) restAPIRef(rng model.Range) *cf.Node {
	if id := get(c.doc, "provider", "apiGateway", "restApiId"); c.external && id != nil {
		return id
	}
	return refNode(restAPIID, rng)
}

// apiKeyID is naming.js's getApiKeyLogicalId.
func apiKeyID(plan string, n int) string {
	return "ApiGatewayApiKey" + upperFirst(plan) + strconv.Itoa(n)
}

// usagePlan adds one usage plan: the default one (name "") with the quota
// and throttle of provider.apiGateway.usagePlan, or the plan name of a
// usagePlan list with those of its item.
func (c *compiler) usagePlan(name string, item, plan, stage *cf.Node) {
	rng := rangeOf(item, rangeOf(plan, c.restAnchor))
	if name != "" && item != nil {
		rng = item.Keys[0].Rng
	}
	props := newEntries()
	props.set(strNode("ApiStages", rng), seqNode(rng, mapNode(rng,
		"ApiId", c.restAPIRef(rng),
		"Stage", stage)))
	service := c.serviceName()
	if service.IsScalar() && stage.IsScalar() {
		if name == "" {
			props.set(strNode("Description", rng), strNode("Usage plan for "+service.Str+" "+stage.Str+" stage", rng))
			props.set(strNode("UsagePlanName", rng), strNode(service.Str+"-"+stage.Str, rng))
		} else {
			props.set(strNode("Description", rng), strNode("Usage plan \""+name+"\" for "+service.Str+" "+stage.Str+" stage", rng))
			props.set(strNode("UsagePlanName", rng), strNode(service.Str+"-"+name+"-"+stage.Str, rng))
		}
	}
	settings := item
	if name != "" && item != nil {
		settings = item.Vals[0]
	}
	if settings != nil && settings.Kind == cf.KMap {
		for _, s := range []struct {
			from, to string
			fields   [][2]string
		}{
			{"quota", "Quota", [][2]string{{"limit", "Limit"}, {"offset", "Offset"}, {"period", "Period"}}},
			{"throttle", "Throttle", [][2]string{{"burstLimit", "BurstLimit"}, {"rateLimit", "RateLimit"}}},
		} {
			v := settings.Get(s.from)
			if v == nil || v.Kind != cf.KMap {
				continue
			}
			e := newEntries()
			for _, f := range s.fields {
				if x := v.Get(f[0]); x != nil && x.Kind != cf.KNull {
					e.set(strNode(f[1], x.Rng), x)
				}
			}
			if len(e.keys) > 0 {
				props.set(strNode(s.to, v.Rng), e.node(v.Rng))
			}
		}
	}
	c.res.set(strNode("ApiGatewayUsagePlan"+upperFirst(name), rng), mapNode(rng,
		"Type", strNode("AWS::ApiGateway::UsagePlan", rng),
		"DependsOn", strNode(deploymentID, rng),
		"Properties", props.node(rng)))
}

// keyResource reports whether id is one the framework may make for the
// API keys and usage plans.
func keyResource(id string) bool {
	return strings.HasPrefix(id, "ApiGatewayApiKey") || strings.HasPrefix(id, "ApiGatewayUsagePlan")
}
