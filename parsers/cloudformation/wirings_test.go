package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testutil"
	"github.com/edgelint/edgelint/model"
)

// corpus is the assembled model of some files of the shared corpus.
type corpus struct {
	syms *model.Symbols
	cfg  *model.Config
	path map[string]string // file name → path
}

func readCorpus(t *testing.T, files ...string) *corpus {
	t.Helper()
	root := testutil.SharedCorpus(t)
	c := &corpus{syms: model.NewSymbols(), path: map[string]string{}}
	c.cfg = model.NewConfig(c.syms)
	for _, name := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !Sniff(path, src) {
			t.Errorf("%s is not sniffed as a template", name)
		}
		cfg, errs := Parse(path, src, Options{}, c.syms)
		for _, e := range errs {
			if e.Severity == model.SevError {
				t.Errorf("%s", e.Error())
			}
		}
		c.cfg.Merge(cfg)
		c.path[name] = path
	}
	model.Assemble(c.cfg)
	return c
}

// apiOrigins returns the origins linked to an API, in order.
func (c *corpus) apiOrigins() []*model.Origin {
	var out []*model.Origin
	for _, d := range c.cfg.Distributions {
		for _, o := range d.Origins {
			if o.Link != nil && o.Link.API != nil {
				out = append(out, o)
			}
		}
	}
	return out
}

// behaviorsTo returns the behaviors that target o.
func (c *corpus) behaviorsTo(o *model.Origin) []*model.Behavior {
	var out []*model.Behavior
	for _, d := range c.cfg.Distributions {
		for _, b := range d.Behaviors {
			for _, x := range b.Targets {
				if x == o {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

func stageNames(a *model.API) map[string]bool {
	out := map[string]bool{}
	for _, s := range a.Stages {
		if s.Name.Known {
			out[s.Name.V] = true
		}
	}
	return out
}

// wantMethods checks that an API has exactly the given "METHOD /path"
// methods with the given authorization.
func wantMethods(t *testing.T, id string, a *model.API, auth string, want ...string) {
	t.Helper()
	var have []string
	for _, r := range a.Resources {
		for _, m := range r.Methods {
			have = append(have, m.HTTPMethod.V+" "+r.Path.V)
			if m.Authorization.V != auth || !m.Authorization.Known {
				t.Errorf("%s: %s %s authorization = %q, want %s", id, m.HTTPMethod.V, r.Path.V, m.Authorization.V, auth)
			}
		}
	}
	if strings.Join(have, ", ") != strings.Join(want, ", ") {
		t.Errorf("%s: methods = %v, want %v", id, have, want)
	}
}

const cdkLambda = "aws-solutions-constructs/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway-lambda/test/"
const cdkAPI = "aws-solutions-constructs/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway/test/"
const cdk2021 = "aws-solutions-constructs-2021/source/patterns/@aws-solutions-constructs/aws-cloudfront-apigateway-lambda/test/"

// TestCorpusWirings checks that the CloudFormation wirings of
// EXPECTATIONS.md (W01–W19) produce the entities described there.
func TestCorpusWirings(t *testing.T) {
	t.Run("W01", func(t *testing.T) {
		c := readCorpus(t, "serverless-patterns/cloudfront-apigw-rest-api-lambda-dynamodb-sam/template.yaml")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].ID.V != "api" || o[0].OriginPath.V != "/dev" || o[0].Link.API.Source.Address != "API" {
			t.Fatalf("origins = %+v", o)
		}
		if !stageNames(o[0].Link.API)["dev"] {
			t.Errorf("stage dev missing")
		}
		wantMethods(t, "W01", o[0].Link.API, "NONE", "POST /submit")
		if b := c.behaviorsTo(o[0]); len(b) != 1 || b[0].PathPattern.V != "/submit" {
			t.Errorf("behaviors = %+v", b)
		}
	})

	t.Run("W02", func(t *testing.T) {
		c := readCorpus(t, "serverless-patterns/cloudfront-apigw-http-api-lambda-rust/template.yml")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.V != "/mypath" || o[0].Link.API.Kind != model.HTTP {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		if !stageNames(a)["$default"] {
			t.Errorf("quick create has a $default stage")
		}
		if r := a.Resources; len(r) != 1 || !r[0].CatchAll {
			t.Errorf("quick create has a $default route: %+v", r)
		}
		b := c.behaviorsTo(o[0])
		if len(b) != 1 || b[0].CachePolicy == nil || b[0].CachePolicy.Name != "3h" {
			t.Errorf("the duplicate Name key resolves to its last value: %+v", b)
		}
	})

	t.Run("W03", func(t *testing.T) {
		c := readCorpus(t, "serverless-patterns/sam-webapp-cognito/template.yaml")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.Set {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		wantMethods(t, "W03", a, "JWT", "POST /api")
		m := a.Resources[0].Methods[0]
		if m.Authorizer == nil || m.Authorizer.IdentitySources.Items[0].V != "$request.header.Authorization" {
			t.Errorf("JWT authorizer = %+v", m.Authorizer)
		}
		b := c.behaviorsTo(o[0])
		if len(b) != 1 || b[0].PathPattern.V != "/api" || b[0].CachePolicy == nil || !b[0].CachePolicy.Managed || b[0].OriginRequestPolicyID.Set {
			t.Errorf("behaviors = %+v", b)
		}
	})

	t.Run("W04", func(t *testing.T) {
		c := readCorpus(t, "serverless-patterns/cloudfront-failover-apigw-http-api-lambda-rust/cloudfront.yml",
			"serverless-patterns/cloudfront-failover-apigw-http-api-lambda-rust/api.yml")
		if len(c.apiOrigins()) != 0 {
			t.Errorf("the origins are stack parameters: nothing links")
		}
		d := c.cfg.Distributions[0]
		if len(d.OriginGroups) != 1 || d.OriginGroups[0].ID.V != "Failover" || len(d.OriginGroups[0].Members) != 2 {
			t.Fatalf("origin groups = %+v", d.OriginGroups)
		}
		for _, o := range d.Origins {
			if !o.DomainName.Known || !c.syms.HasUnknown(o.DomainName.V) || o.OriginPath.V != "/api" {
				t.Errorf("origin %s = %+v", o.ID.V, o)
			}
		}
		if b := d.Behaviors[0]; b.OriginGroup == nil || len(b.Targets) != 2 {
			t.Errorf("/api targets the origin group: %+v", b)
		}
		var api *model.API
		for _, a := range c.cfg.APIs {
			api = a
		}
		wantMethods(t, "W04", api, "NONE", "GET /api", "GET /api/{proxy+}")
	})

	cdk := func(name, file, auth string, methods []string, paths ...string) {
		t.Run(name, func(t *testing.T) {
			c := readCorpus(t, file)
			o := c.apiOrigins()
			if len(o) != len(paths) {
				t.Fatalf("API origins = %d, want %d", len(o), len(paths))
			}
			a := o[0].Link.API
			host := a.IDToken + ".execute-api." + c.syms.Pseudo(model.PseudoRegion) + "." + c.syms.Pseudo(model.PseudoURLSuffix)
			for i, p := range paths {
				if o[i].DomainName.V != host || o[i].OriginPath.V != p || o[i].Link.API != a {
					t.Errorf("origin %d: domain %q, path %q; want %q, %q", i,
						c.syms.Display(o[i].DomainName.V), o[i].OriginPath.V, c.syms.Display(host), p)
				}
			}
			if !stageNames(a)["prod"] {
				t.Errorf("stage prod missing")
			}
			wantMethods(t, name, a, auth, methods...)
			if auth == "CUSTOM" {
				m := a.Resources[0].Methods[0]
				if m.Authorizer == nil || m.Authorizer.Type.V != "REQUEST" ||
					m.Authorizer.IdentitySources.Items[0].V != "method.request.header.Authorization" {
					t.Errorf("authorizer = %+v", m.Authorizer)
				}
			}
			if len(paths) == 2 {
				b := c.behaviorsTo(o[1])
				if len(b) != 1 || b[0].PathPattern.V != "/dynamic" {
					t.Errorf("behavior /dynamic targets the second origin: %+v", b)
				}
			}
		})
	}
	proxy := []string{"ANY /", "ANY /{proxy+}"}
	split := []string{"GET /dynamic", "GET /static"}
	cdk("W06", cdkLambda+"integ.cftaplam-no-arguments.js.snapshot/cftaplam-no-arguments.template.json", "CUSTOM", proxy, "/prod")
	cdk("W07", cdkLambda+"integ.cftaplam-no-usage-plan.js.snapshot/cftaplam-no-usage-plan.template.json", "CUSTOM", proxy, "/prod")
	cdk("W08", cdkLambda+"integ.cftaplam-customCloudfrontLoggingBucket.js.snapshot/cftaplam-customCloudfrontLoggingBucket.template.json", "CUSTOM", proxy, "/prod")
	cdk("W09", cdkLambda+"integ.cftaplam-override-behavior.js.snapshot/cftaplam-override-behavior.template.json", "CUSTOM", split, "/prod", "/prod/dynamic")
	cdk("W10", cdkAPI+"integ.cftapi-no-arguments.js.snapshot/cftapi-no-arguments.template.json", "CUSTOM", proxy, "/prod")
	cdk("W11", cdkAPI+"integ.cftapi-customCloudfrontLoggingBucket.js.snapshot/cftapi-customCloudfrontLoggingBucket.template.json", "CUSTOM", proxy, "/prod")
	cdk("W12", cdkAPI+"integ.cftapi-use-specrestapi.js.snapshot/cftapi-use-specrestapi.template.json", "NONE", []string{"GET /hello"}, "/prod")
	cdk("W13", cdk2021+"integ.no-arguments.expected.json", "NONE", proxy, "/prod")
	cdk("W14", cdk2021+"integ.override-behavior.expected.json", "NONE", split, "/prod", "/prod/dynamic")

	t.Run("W15", func(t *testing.T) {
		c := readCorpus(t, "serverless-image-handler-v4.2/deployment/serverless-image-handler.template")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.V != "/image" {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		if o[0].ID.V != a.IDToken {
			t.Errorf("origin Id is Ref of the API")
		}
		b := c.behaviorsTo(o[0])
		if len(b) != 1 || !b[0].Default || b[0].TargetOriginID.V != o[0].ID.V {
			t.Errorf("Fn::Sub ${Api} equals Ref Api: %+v", b)
		}
		if !stageNames(a)["image"] {
			t.Errorf("the deployment's StageName creates stage image")
		}
		wantMethods(t, "W15", a, "NONE", "ANY /{proxy+}")
	})

	t.Run("W16", func(t *testing.T) {
		c := readCorpus(t, "virtual-waiting-room-on-aws/deployment/virtual-waiting-room-on-aws.json")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.V != "/api" || len(o[0].CustomHeaders) != 1 || o[0].CustomHeaders[0].Name.V != "x-api-key" {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		if !stageNames(a)["api"] || !strings.Contains(a.ResourcesUnknown, "AWS::Include") {
			t.Errorf("stage names %v, resources unknown %q", stageNames(a), a.ResourcesUnknown)
		}
		if len(c.behaviorsTo(o[0])) != 4 {
			t.Errorf("four behaviors use the API origin")
		}
	})

	t.Run("W17", func(t *testing.T) {
		c := readCorpus(t, "amazon-api-gateway-url-shortener/template.yaml")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.V != "/Prod" {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		if !stageNames(a)["Prod"] || a.ResourcesUnknown != "" {
			t.Errorf("stage names %v, resources unknown %q", stageNames(a), a.ResourcesUnknown)
		}
		auth := map[string]string{}
		for _, r := range a.Resources {
			for _, m := range r.Methods {
				if m.Range.File != filepath.Join(filepath.Dir(a.Source.Head.File), "api.yaml") {
					t.Errorf("%s %s is located in %s", m.HTTPMethod.V, r.Path.V, m.Range.File)
				}
				auth[m.HTTPMethod.V+" "+r.Path.V] = m.Authorization.V
			}
		}
		for k, v := range map[string]string{
			"GET /{linkId}": "NONE", "GET /app": "COGNITO_USER_POOLS", "POST /app": "COGNITO_USER_POOLS",
			"PUT /app/{linkId}": "COGNITO_USER_POOLS", "DELETE /app/{linkId}": "COGNITO_USER_POOLS",
		} {
			if auth[k] != v {
				t.Errorf("%s authorization = %q, want %s (methods %v)", k, auth[k], v, auth)
			}
		}
		b := c.behaviorsTo(o[0])
		if len(b) != 1 || b[0].Legacy == nil || !b[0].Legacy.Headers.ContainsFold("Authorization") {
			t.Errorf("the default behavior forwards Authorization: %+v", b)
		}
	})

	t.Run("W18", func(t *testing.T) {
		c := readCorpus(t, "aws-lambda-nextjs/nextjs-lambda-sam/template.yaml")
		o := c.apiOrigins()
		if len(o) != 1 || o[0].OriginPath.V != "/Prod" {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		if a.Source.Address != implicitRESTAPI || !strings.HasPrefix(o[0].DomainName.V, a.IDToken+".execute-api.") {
			t.Errorf("origin domain %q, API %s", c.syms.Display(o[0].DomainName.V), a.ID)
		}
		if !stageNames(a)["Prod"] {
			t.Errorf("implicit stage Prod missing")
		}
		wantMethods(t, "W18", a, "NONE", "ANY /", "ANY /{proxy+}")
	})

	t.Run("W19", func(t *testing.T) {
		c := readCorpus(t, "cloudfront-paywall-demo/deploy-script/step-2-cfdistribution.yml")
		o := c.apiOrigins()
		if len(o) != 1 {
			t.Fatalf("origins = %+v", o)
		}
		a := o[0].Link.API
		var stage model.Str
		for _, s := range a.Stages {
			if !s.Name.Set {
				continue
			}
			stage = s.Name
		}
		if !c.syms.HasUnknown(stage.V) || o[0].OriginPath.V != "/"+stage.V {
			t.Errorf("stage %q and origin path %q share the Environment parameter", c.syms.Display(stage.V), c.syms.Display(o[0].OriginPath.V))
		}
		wantMethods(t, "W19", a, "NONE", "ANY /{param+}", "ANY /{proxy+}")
		for _, r := range a.Resources {
			for _, m := range r.Methods {
				if !m.APIKeyRequired.V || !m.APIKeyRequired.Known {
					t.Errorf("%s requires an API key", r.Path.V)
				}
			}
		}
		b := c.behaviorsTo(o[0])
		if len(b) != 2 || b[1].CachePolicy == nil || b[1].OriginRequestPolicy != nil ||
			b[0].OriginRequestPolicy == nil || !b[0].OriginRequestPolicy.Headers.ContainsFold("x-api-key") {
			t.Errorf("behaviors = %+v", b)
		}
	})
}
