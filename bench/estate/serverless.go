package estate

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

// Serverless Framework services: a serverless.yml whose functions' http
// events make the framework's REST API (logical ID ApiGatewayRestApi), and
// a CloudFront distribution in front of it in resources/cloudfront.yml,
// which `resources: ${file(./resources/cloudfront.yml)}` includes. The
// stage is the framework's default (dev), a literal provider.stage, or
// ${opt:stage, '…'} through ${self:custom.stage}.

// defaultServerlessShare is the fraction of the template units that are
// Serverless Framework services when Spec.ServerlessShare is 0.
const defaultServerlessShare = 0.1

// serverlessFaultKinds are the faults a Serverless service can carry,
// each where a reader of serverless.yml reports it: the origin of the
// included distribution, its behaviors, an event, the provider.
var serverlessFaultKinds = []string{"EL001", "EL002", "EL003", "EL004", "EL007", "EL009", "EL014"}

// serverlessStages are the stages a service names (none of them a
// top-level API word, so that a behavior never carries one).
var serverlessStages = []string{"prod", "staging", "v1", "live"}

// planServerless turns a share of the units without a CloudFront or API
// Gateway wiring (they never carry a seeded fault) into Serverless
// services, chosen by a generator of their own so that the other units
// are those of an estate without services. With faults, one service in
// three carries a fault, the kinds in turn.
func planServerless(units []*unit, spec Spec, share float64, faults bool) {
	templates := 0
	var plain []*unit
	for _, u := range units {
		if !u.shape.terraform() {
			templates++
		}
		if u.shape == shapeCFNPlain {
			plain = append(plain, u)
		}
	}
	n := min(int(float64(templates)*share+0.5), len(plain))
	r := newRand(spec.Seed, 0x5e7e)
	order := r.Perm(len(plain))
	for k := 0; k < n; k++ {
		u := plain[order[k]]
		u.shape = shapeServerless
		if faults && k%3 == 0 {
			u.fault = serverlessFaultKinds[(k/3)%len(serverlessFaultKinds)]
		}
	}
}

// slsService is one service being written.
type slsService struct {
	g *gen
	u *unit
	r *rand.Rand
	// stageExpr is the origin path's stage as the distribution writes it;
	// stage is its value.
	stageExpr, stage string
	words            []string
	writes           map[string]bool // a function serves PUT and DELETE on /<w>/{id}
}

func (g *gen) writeServerless(u *unit, r *rand.Rand) {
	s := &slsService{g: g, u: u, r: r, writes: map[string]bool{}}
	s.words = takeWords(r, map[string]bool{}, 1+r.IntN(4))
	dir := u.dir()
	t := &text{}
	t.l(`# %s, owned by the %s team.`, u.name, u.team)
	t.l(`service: %s`, u.name)
	t.l(`frameworkVersion: '3'`)
	variant := r.IntN(3)
	switch variant {
	case 0: // the framework's default stage
		s.stage, s.stageExpr = "dev", "dev"
	case 1:
		s.stage = serverlessStages[r.IntN(len(serverlessStages))]
		s.stageExpr = s.stage
	default:
		s.stage = serverlessStages[r.IntN(len(serverlessStages))]
		s.stageExpr = "${self:custom.stage}"
		t.l(`custom:`)
		t.l(`  stage: ${opt:stage, '%s'}`, s.stage)
	}
	t.l(`provider:`)
	t.l(`  name: aws`)
	t.l(`  runtime: nodejs20.x`)
	switch variant {
	case 1:
		t.l(`  stage: %s`, s.stage)
	case 2:
		t.l(`  stage: ${self:custom.stage}`)
	}
	t.l(`  region: %s`, regions[r.IntN(len(regions))])
	t.l(`  memorySize: %d`, []int{128, 256, 512, 1024}[r.IntN(4)])
	if u.fault == "EL014" {
		g.fault(u, "EL014", path.Join(dir, "serverless.yml"), t.next(), "endpointType PRIVATE: the REST API is reachable only through VPC endpoints")
		t.l(`  endpointType: PRIVATE`)
		t.l(`  vpcEndpointIds:`)
		t.l(`    - vpce-0%016x`, r.Uint64())
	} else if r.IntN(2) == 0 {
		t.l(`  endpointType: REGIONAL`)
	}
	if u.fault == "EL003" {
		t.l(`  apiGateway:`)
		t.l(`    apiKeys:`)
		t.l(`      - %s-key`, u.name)
	}
	t.l(`  tags:`)
	t.l(`    team: %s`, u.team)
	t.l(`package:`)
	t.l(`  patterns:`)
	t.l(`    - '!**'`)
	t.l(`    - 'src/**'`)
	t.l(`functions:`)
	for i, w := range s.words {
		t.l(`  %s:`, camelLower(w))
		t.l(`    handler: src/%s.handler`, w)
		t.l(`    events:`)
		t.l(`      - http:`)
		t.l(`          path: %s`, w)
		t.l(`          method: get`)
		t.l(`      - http:`)
		t.l(`          path: %s/{id}`, w)
		t.l(`          method: get`)
		if i == 0 && u.fault == "EL003" {
			g.fault(u, "EL003", path.Join(dir, "serverless.yml"), t.next(), "private: true requires an API key that no behavior sends (x-api-key)")
			t.l(`          private: true`)
		}
		if r.IntN(2) == 0 {
			s.writes[w] = true
			for _, m := range []string{"put", "delete"} {
				t.l(`      - http:`)
				t.l(`          path: %s/{id}`, w)
				t.l(`          method: %s`, m)
			}
		}
		g.writeString(path.Join(dir, "src", w+".js"), fmt.Sprintf("module.exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ resource: %q }) });\n", w))
	}
	t.l(`resources: ${file(./resources/cloudfront.yml)}`)
	g.write(path.Join(dir, "serverless.yml"), t)
	g.write(path.Join(dir, "resources", "cloudfront.yml"), s.distribution())
	g.writeString(path.Join(dir, "package.json"), fmt.Sprintf("{\n  \"name\": %q,\n  \"private\": true,\n  \"devDependencies\": {\n    \"serverless\": \"^3.40.0\"\n  }\n}\n", u.name))
}

// distribution is resources/cloudfront.yml: the distribution in front of
// the service's API, and a bucket for the other paths in half the
// services.
func (s *slsService) distribution() *text {
	g, u, r := s.g, s.u, s.r
	file := path.Join(u.dir(), "resources", "cloudfront.yml")
	static := r.IntN(2) == 0
	t := &text{}
	t.l(`Resources:`)
	if static {
		t.l(`  StaticBucket:`)
		t.l(`    Type: AWS::S3::Bucket`)
		t.l(``)
	}
	t.l(`  CdnDistribution:`)
	t.l(`    Type: AWS::CloudFront::Distribution`)
	t.l(`    Properties:`)
	t.l(`      DistributionConfig:`)
	t.l(`        Enabled: true`)
	t.l(`        Comment: %s (%s)`, u.name, u.team)
	t.l(`        Origins:`)
	t.l(`          - Id: api`)
	if u.fault == "EL001" {
		g.fault(u, "EL001", file, t.next(), "the origin path leaves out the stage "+s.stage)
	}
	if r.IntN(2) == 0 {
		t.l(`            DomainName: !Join ["", [!Ref ApiGatewayRestApi, ".execute-api.", !Ref AWS::Region, ".amazonaws.com"]]`)
	} else {
		t.l(`            DomainName: !Sub "${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com"`)
	}
	switch u.fault {
	case "EL001":
	case "EL002":
		other := "dev"
		if s.stage == "dev" {
			other = "prod"
		}
		g.fault(u, "EL002", file, t.next(), "the origin path names "+other+", not the deployed stage "+s.stage)
		t.l(`            OriginPath: /%s`, other)
	default:
		t.l(`            OriginPath: /%s`, s.stageExpr)
	}
	t.l(`            CustomOriginConfig:`)
	if u.fault == "EL009" {
		g.fault(u, "EL009", file, t.next(), "the API origin is reached over HTTP only")
		t.l(`              OriginProtocolPolicy: http-only`)
	} else {
		t.l(`              OriginProtocolPolicy: https-only`)
	}
	if static {
		t.l(`          - Id: static`)
		t.l(`            DomainName: !GetAtt StaticBucket.RegionalDomainName`)
		t.l(`            S3OriginConfig:`)
		t.l(`              OriginAccessIdentity: ""`)
	}
	t.l(`        CacheBehaviors:`)
	for i, w := range s.words {
		for _, p := range []string{"/" + w, "/" + w + "/*"} {
			t.l(`          - PathPattern: %s`, p)
			// EL003's fault: /<w>/{id} of the first function wants an
			// API key, and the behavior that reaches it forwards no
			// viewer header (x-api-key among them).
			keyless := u.fault == "EL003" && i == 0 && p == "/"+w+"/*"
			s.apiBehavior(t, p == "/"+w+"/*" && s.writes[w], i == 0 && p == "/"+w, keyless)
		}
	}
	if u.fault == "EL004" {
		g.fault(u, "EL004", file, t.next(), "behavior /api/* reaches /"+s.stage+"/api/…, where the service has no path")
		t.l(`          - PathPattern: /api/*`)
		s.apiBehavior(t, false, false, false)
	}
	t.l(`        DefaultCacheBehavior:`)
	if static {
		t.l(`          TargetOriginId: static`)
		t.l(`          ViewerProtocolPolicy: redirect-to-https`)
		t.l(`          CachePolicyId: %s`, cachingOptimized)
	} else {
		t.l(`          TargetOriginId: api`)
		t.l(`          ViewerProtocolPolicy: https-only`)
		t.l(`          CachePolicyId: %s`, cachingDisabled)
	}
	return t
}

// apiBehavior writes the body of a behavior to the API origin: every
// method allowed when the path serves writes, and the Host of the origin
// (AllViewerExceptHostHeader), or the viewer's for EL007's fault on the
// service's first behavior; keyless, no origin request policy, so that no
// viewer header reaches the API.
func (s *slsService) apiBehavior(t *text, writes, first, keyless bool) {
	const ind = "            "
	t.l(`%sTargetOriginId: api`, ind)
	t.l(`%sViewerProtocolPolicy: https-only`, ind)
	if writes {
		t.l(`%sAllowedMethods: [%s]`, ind, strings.Join(allMethods, ", "))
	}
	t.l(`%sCachePolicyId: %s`, ind, cachingDisabled)
	if first && s.u.fault == "EL007" {
		s.g.fault(s.u, "EL007", path.Join(s.u.dir(), "resources", "cloudfront.yml"), t.next(), "the AllViewer origin request policy forwards the viewer's Host")
		t.l(`%sOriginRequestPolicyId: %s`, ind, allViewer)
	} else if !keyless && (first || s.r.IntN(2) == 0) {
		t.l(`%sOriginRequestPolicyId: %s`, ind, allViewerNoHost)
	}
}
