package model

import "strings"

// Managed policies by ID, as AWS documents them:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
// A policy ID that is neither here nor defined in the scan stays unknown.
var managedPolicies = func() map[string]*Policy {
	mk := func(id, name string, kind PolicyKind, headerBehavior string, headers []string, qs, cookies string, ttl [3]int64) *Policy {
		p := &Policy{
			ID: id, IDToken: id, Name: name, Kind: kind, Managed: true,
			HeaderBehavior:      DefaultStr(headerBehavior, Range{}),
			Headers:             List{Known: true},
			QueryStringBehavior: DefaultStr(qs, Range{}),
			CookieBehavior:      DefaultStr(cookies, Range{}),
		}
		for _, h := range headers {
			p.Headers.Items = append(p.Headers.Items, DefaultStr(h, Range{}))
		}
		if kind == CachePolicy {
			p.MinTTL = Int{V: ttl[0], Known: true}
			p.DefaultTTL = Int{V: ttl[1], Known: true}
			p.MaxTTL = Int{V: ttl[2], Known: true}
		}
		return p
	}
	list := []*Policy{
		mk("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "Managed-CachingDisabled", CachePolicy, "none", nil, "none", "none", [3]int64{0, 0, 0}),
		mk("658327ea-f89d-4fab-a63d-7e88639e58f6", "Managed-CachingOptimized", CachePolicy, "none", nil, "none", "none", [3]int64{1, 86400, 31536000}),
		mk("b2884449-e4de-46a7-ac36-70bc7f1ddd6d", "Managed-CachingOptimizedForUncompressedObjects", CachePolicy, "none", nil, "none", "none", [3]int64{1, 86400, 31536000}),
		mk("2e54312d-136d-493c-8eb9-b001f22f67d2", "Managed-Amplify", CachePolicy, "whitelist", []string{"Authorization", "CloudFront-Viewer-Country", "Host"}, "all", "all", [3]int64{2, 2, 600}),
		mk("216adef6-5c7f-47e4-b989-5492eafa07d3", "Managed-AllViewer", OriginRequestPolicy, "allViewer", nil, "all", "all", [3]int64{}),
		mk("b689b0a8-53d0-40ab-baf2-68738e2966ac", "Managed-AllViewerExceptHostHeader", OriginRequestPolicy, "allExcept", []string{"Host"}, "all", "all", [3]int64{}),
		mk("33f36d7e-f396-46d9-90e0-52428a34d9dc", "Managed-AllViewerAndCloudFrontHeaders-2022-06", OriginRequestPolicy, "allViewerAndWhitelistCloudFront", nil, "all", "all", [3]int64{}),
		mk("acba4595-bd28-49b8-b9fe-13317c0390fa", "Managed-UserAgentRefererHeaders", OriginRequestPolicy, "whitelist", []string{"User-Agent", "Referer"}, "none", "none", [3]int64{}),
		mk("59781a5b-3903-41f3-afcb-af62929ccde1", "Managed-CORS-CustomOrigin", OriginRequestPolicy, "whitelist", []string{"Origin"}, "none", "none", [3]int64{}),
		mk("88a5eaf4-2fd4-4709-b370-b4c650ea3fcf", "Managed-CORS-S3Origin", OriginRequestPolicy, "whitelist", []string{"Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"}, "none", "none", [3]int64{}),
	}
	m := map[string]*Policy{}
	for _, p := range list {
		m[p.ID] = p
	}
	return m
}()

// ManagedPolicy returns the AWS managed policy with the given ID.
func ManagedPolicy(id string) (*Policy, bool) {
	p, ok := managedPolicies[strings.ToLower(strings.TrimSpace(id))]
	return p, ok
}

// ManagedPolicyByName returns the managed policy of that name, with or
// without the "Managed-" prefix Terraform data sources use.
func ManagedPolicyByName(kind PolicyKind, name string) (*Policy, bool) {
	if !strings.HasPrefix(name, "Managed-") {
		name = "Managed-" + name
	}
	for _, p := range managedPolicies {
		if p.Kind == kind && p.Name == name {
			return p, true
		}
	}
	return nil, false
}
