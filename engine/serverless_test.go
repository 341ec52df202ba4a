package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// A run on the files a commit changes that changed only a file the
// service includes reads the service with it: the fault of the included
// distribution is found, once, where it is written.
func TestServerlessIncludedFileChanged(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "serverless-missing-stage", dir)
	included := filepath.Join(dir, "resources", "cloudfront.yml")
	for _, only := range [][]string{{included}, {filepath.Join(dir, "serverless.yml")}, nil} {
		res, err := engine.Run([]string{dir}, engine.Options{Only: only})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 1 || res.Findings[0].Rule != "EL001" || res.Findings[0].Range.File != included {
			t.Errorf("only %v: findings %v", only, res.Findings)
		}
	}
}

// The template `serverless package` wrote beside the service file is
// not read again: its faults are the service's.
func TestServerlessPackagedOutputSkipped(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "serverless-framework-output", dir)
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || filepath.Base(res.Findings[0].Range.File) != "serverless.yml" {
		t.Fatalf("findings %v", res.Findings)
	}
	// Without the service file, the packaged template is read.
	if err := os.Remove(filepath.Join(dir, "serverless.yml")); err != nil {
		t.Fatal(err)
	}
	res, err = engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || filepath.Base(res.Findings[0].Range.File) != "cloudformation-template-update-stack.json" {
		t.Fatalf("findings without the service file %v", res.Findings)
	}
}

// The framework reads serverless.yml before serverless.yaml: a directory
// holding both is one service, its faults reported once.
func TestServerlessYAMLShadowed(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "serverless-wrong-stage", dir)
	b, err := os.ReadFile(filepath.Join(dir, "serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "serverless.yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || filepath.Base(res.Findings[0].Range.File) != "serverless.yml" {
		t.Fatalf("findings %v", res.Findings)
	}
}

// A distribution in another stack that imports the URL the framework
// exports for the service's API (sls-<service>-<stage>-ServiceEndpoint)
// is linked to that API: a stage missing from its origin path is found.
func TestServerlessExportImported(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("api/serverless.yml", `service: blog
provider:
  name: aws
  stage: prod
functions:
  posts:
    handler: h.posts
    events:
      - http: GET posts
`)
	cdn := func(originPath string) string {
		return `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: api
            DomainName: !Select [2, !Split ["/", !ImportValue sls-blog-prod-ServiceEndpoint]]
` + originPath + `            CustomOriginConfig:
              OriginProtocolPolicy: https-only
        DefaultCacheBehavior:
          TargetOriginId: api
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
        CacheBehaviors:
          - PathPattern: /posts
            TargetOriginId: api
            ViewerProtocolPolicy: https-only
            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
`
	}
	write("cdn/template.yaml", cdn(""))
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "EL001" || filepath.Base(res.Findings[0].Range.File) != "template.yaml" {
		t.Fatalf("findings %v", res.Findings)
	}
	write("cdn/template.yaml", cdn("            OriginPath: /prod\n"))
	res, err = engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Fatalf("findings with the stage in the origin path %v", res.Findings)
	}
}

// The packaged template committed beside the service exports the same
// names: they are the service's, and an import of one stays linked.
func TestServerlessExportWithPackagedOutput(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "serverless-framework-output-good", filepath.Join(dir, "api"))
	cdn := `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: api
            DomainName: !Select [2, !Split ["/", !ImportValue sls-blog-dev-ServiceEndpoint]]
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
        DefaultCacheBehavior:
          TargetOriginId: api
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
        CacheBehaviors:
          - PathPattern: /posts
            TargetOriginId: api
            ViewerProtocolPolicy: https-only
            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
`
	if err := os.MkdirAll(filepath.Join(dir, "cdn"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cdn", "template.yaml"), []byte(cdn), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "EL001" || filepath.Base(res.Findings[0].Range.File) != "template.yaml" {
		t.Fatalf("findings %v", res.Findings)
	}
}
