package rules

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestOriginHost checks, host by host, that an origin is linked to the API
// whose ID its host carries exactly when the host is one that reaches the
// API, and that EL005 explains every host that does not (one finding,
// with the corrected host only when it is certain).
func TestOriginHost(t *testing.T) {
	for _, tc := range []struct {
		host   string
		linked bool
		fault  string // substring of the first fault; "" for none
		fix    string
		// warn: the fault is a warning (the host may be right, or is
		// not AWS's), else an error.
		warn bool
		// domain: a custom domain name the scan declares.
		domain string
	}{
		{host: "{id}.execute-api.{region}.amazonaws.com", linked: true},
		{host: "{id}.execute-api.eu-west-1.amazonaws.com", linked: true},
		{host: "{id}.execute-api.{region}.{suffix}", linked: true},
		{host: "{id}.EXECUTE-API.EU-WEST-1.AMAZONAWS.COM", linked: true},
		{host: "{id}.execute-api.cn-north-1.amazonaws.com.cn", linked: true},
		{host: "{id}.execute-api.{region}.amazonaws.com.cn", linked: true},
		{host: "{id}.execute-api.eusc-de-east-1.amazonaws.eu", linked: true},
		{host: "{id}.execute-api.us-gov-west-1.amazonaws.com", linked: true},
		{host: "{id}.execute-api.{var}.amazonaws.com", linked: true},
		// A region newer than edgelint's list: linked, with a warning.
		{host: "{id}.execute-api.ap-south-9.amazonaws.com", linked: true, fault: "is not a region edgelint knows", warn: true},

		{host: "{id}.my-api.{region}.amazonaws.com", fault: "is not \"execute-api\"", fix: "{id}.execute-api.{region}.amazonaws.com"},
		{host: "{id}.execute-api-fips.us-east-1.amazonaws.com", fault: "no FIPS or dual-stack host name", fix: "{id}.execute-api.us-east-1.amazonaws.com"},
		{host: "{id}.excute-api.{region}.amazonaws.com", fault: "is not \"execute-api\"", fix: "{id}.execute-api.{region}.amazonaws.com"},
		{host: "{id}.execute-api.{region}.amazonaws.comproduction", fault: "with \"production\" glued to it", fix: "{id}.execute-api.{region}.amazonaws.com"},
		{host: "{id}.execute-api.cn-north-1.amazonaws.com.cnprod", fault: "\"amazonaws.com.cn\" with \"prod\" glued", fix: "{id}.execute-api.cn-north-1.amazonaws.com.cn"},
		{host: "{id}.execute-api.{region}.{suffix}prod", fault: "glued to it", fix: "{id}.execute-api.{region}.{suffix}"},
		{host: "{id}.execute-api.{region}.{suffix}.prod", fault: "has labels after the domain suffix"},
		{host: "{id}.execute-api.{region}.amazonaws.com.prod", fault: "has labels after the domain suffix"},
		{host: "{id}.execute-api.{region}.amazonaws.com.", fault: "ends with a dot", fix: "{id}.execute-api.{region}.amazonaws.com"},
		{host: "{id}.execute-api.{region}.amazonaws.con", fault: "did you mean \"amazonaws.com\"", fix: "{id}.execute-api.{region}.amazonaws.com"},
		{host: "{id}.execute-api.eu-wset-1.amazonaws.com", fault: "did you mean \"eu-west-1\"", fix: "{id}.execute-api.eu-west-1.amazonaws.com"},
		{host: "{id}.execute-api.{acct}.amazonaws.com", fault: "is not an AWS region"},
		{host: "{id}.execute-api.{id}.amazonaws.com", fault: "is not an AWS region"},
		{host: "{id}.execute-api.{region}prod.amazonaws.com", fault: "is not an AWS region"},
		{host: "{id}.execute-api.eu-{var}.amazonaws.com", linked: true},
		{host: "{id}.execute-api.cn-north-1.amazonaws.com", fault: "the domain suffix of region \"cn-north-1\" is \"amazonaws.com.cn\""},
		{host: "{id}.execute-api.us-east-1.amazonaws.com.cn", fault: "the domain suffix of region \"us-east-1\" is \"amazonaws.com\""},
		{host: "x.{id}.execute-api.{region}.amazonaws.com", fault: "has 2 labels before execute-api"},
		{host: "{id}.execute-api.{region}", fault: "has no domain suffix"},
		{host: "{id}.{region}.amazonaws.com", fault: "is neither its execute-api host"},
		{host: "{id}.api.example.com", fault: "is neither its execute-api host", warn: true},

		// A custom domain name of the scan named after the API's ID.
		{host: "api-{id}.example.com", domain: "api-{id}.example.com"},
		{host: "API-{id}.example.com", domain: "api-{id}.example.com"},
		{host: "api.example.com.", domain: "api.example.com", fault: "ends with a dot", fix: "api.example.com"},

		// Hosts of other services are not judged, nor linked.
		{host: "{id}-assets.s3.{region}.amazonaws.com"},
		{host: "{id}.lambda-url.{region}.on.aws"},
	} {
		t.Run(tc.host, func(t *testing.T) {
			c := model.NewConfig(nil)
			s := c.Symbols
			api := &model.API{ID: "api", Kind: model.REST, Source: model.Source{Address: "aws_api_gateway_rest_api.api"}}
			api.IDToken = s.Attr("api", "id", "aws_api_gateway_rest_api.api.id")
			api.RootIDToken = s.Attr("api", "root_resource_id", "root")
			c.APIs = append(c.APIs, api)
			expand := strings.NewReplacer("{id}", api.IDToken, "{region}", s.Pseudo(model.PseudoRegion),
				"{suffix}", s.Pseudo(model.PseudoURLSuffix), "{acct}", s.Pseudo(model.PseudoAccountID),
				"{var}", s.Unknown("var.region", "var.region")).Replace
			r := model.Range{File: "cdn.tf", Start: model.Pos{Line: 3, Column: 1}, End: model.Pos{Line: 3, Column: 9}}
			o := &model.Origin{ID: model.KnownStr("api", r), DomainName: model.KnownStr(expand(tc.host), r)}
			d := &model.Distribution{ID: "cdn", Source: model.Source{Address: "aws_cloudfront_distribution.cdn"}, Origins: []*model.Origin{o}}
			c.Distributions = append(c.Distributions, d)
			if tc.domain != "" {
				c.DomainNames = append(c.DomainNames, &model.DomainName{ID: "dn", Name: model.KnownStr(expand(tc.domain), r)})
			}
			model.Assemble(c)

			if linked := o.Link != nil && o.Link.API == api; linked != tc.linked {
				t.Errorf("linked = %v, want %v", linked, tc.linked)
			}
			faults := analyze(c, nil).domainFaults[o]
			switch {
			case tc.fault == "" && len(faults) > 0:
				t.Fatalf("unexpected fault %q", faults[0].message)
			case tc.fault == "":
				return
			case len(faults) == 0:
				t.Fatalf("no fault, want %q", tc.fault)
			}
			if !strings.Contains(faults[0].message, tc.fault) {
				t.Errorf("fault %q, want %q", faults[0].message, tc.fault)
			}
			sev := Error
			if tc.warn {
				sev = Warning
			}
			if faults[0].severity != sev {
				t.Errorf("severity %v, want %v", faults[0].severity, sev)
			}
			for _, f := range faults {
				if o.Link != nil && f.severity == Error {
					t.Errorf("linked through a host with an error: %q", f.message)
				}
			}
			want := ""
			if tc.fix != "" {
				want = expand(tc.fix)
			}
			if faults[0].fix != want {
				t.Errorf("fix %q, want %q", s.Display(faults[0].fix), s.Display(want))
			}
		})
	}
}
