package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The hostile-input suite's Serverless Framework service: variables that
// double a string forty times over, that refer to each other, and that
// read files outside the repository (by ../ and through a link) and the
// environment, which holds a token. The run ends within the suite's
// bounds with a warning for each, the values past them unknown, no byte
// of the outside file or of the environment in any output, and the
// ordinary configuration beside it analyzed.
func TestHostileServerless(t *testing.T) {
	repo, outside := hostileRepo(t)
	normalTree(t, repo, "infra")
	write(t, filepath.Join(outside, "secret.yml"), "key: "+strings.TrimSpace(secret)+"\n")
	symlink(t, filepath.Join(outside, "secret.yml"), filepath.Join(repo, "service", "leak.yml"))
	var b strings.Builder
	b.WriteString("service: hostile\nprovider:\n  name: aws\n  stage: ${env:CI_TOKEN}\ncustom:\n")
	const levels = 40
	for i := 0; i < levels; i++ {
		fmt.Fprintf(&b, "  v%d: ${self:custom.v%d}${self:custom.v%d}${self:custom.v%d}\n", i, i+1, i+1, i+1)
	}
	fmt.Fprintf(&b, "  v%d: ab\n", levels)
	b.WriteString(`  c1: ${self:custom.c2}
  c2: ${self:custom.c1}
functions:
  f:
    handler: h
    events:
      - http: GET ${self:custom.v0}
      - http: GET ${self:custom.c1}
      - http: GET ${file(../../outside/secret.yml):key}
      - http: GET ${file(./leak.yml):key}
      - http: GET ${env:CI_TOKEN}
resources:
  Resources:
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Origins:
            - Id: api
              DomainName: !Sub "${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com"
              OriginPath: /${env:CI_TOKEN}
          DefaultCacheBehavior:
            TargetOriginId: api
`)
	write(t, filepath.Join(repo, "service", "serverless.yml"), b.String())
	c := hostileCmd{dir: repo, env: []string{secretEnv}}
	c.inEveryFormat(t, expect{code: exitFindings, normal: true, leaks: leaks,
		names: []string{"serverless.yml", "refer to it again", "longer than", "../../outside/secret.yml is not read", "./leak.yml is not read"}}, ".")
	r := c.run(t, "inspect", "--format", "json", "service")
	expect{code: 0, names: []string{"ApiGatewayRestApi"}, leaks: leaks}.check(t, "inspect", r)
}
