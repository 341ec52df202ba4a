package engine_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/edgelint/edgelint/engine"
)

// TestInputErrorMessages: a byte that is not UTF-8 in a Terraform file is
// one error, not also the string it breaks; a tab in a template's
// indentation is said to be one, at the tab.
func TestInputErrorMessages(t *testing.T) {
	cases := []struct {
		name, file, src string
		want            []string // file:line:col: message
	}{
		{"HCL string", "main.tf", "resource \"aws_api_gateway_rest_api\" \"x\" {\n  name = \"caf\xe9\"\n}\n",
			[]string{"main.tf:2:14: Invalid character encoding"}},
		{"HCL expression", "main.tf", "a = \xe9\n",
			[]string{"main.tf:1:5: Invalid character encoding"}},
		{"HCL block", "main.tf", "locals {\n  a = \xe9\n}\n",
			[]string{"main.tf:2:7: Invalid character encoding"}},
		{"HCL comment", "main.tf", "# caf\xe9\nlocals {\n  a = 1\n  b = \n}\n",
			[]string{"main.tf:4:7: Invalid expression"}},
		{"tfvars heredoc", "terraform.tfvars", "a = <<EOT\nx\xe9\nEOT\n",
			[]string{"terraform.tfvars:2:2: Invalid character encoding"}},
		{"YAML tab before a key", "template.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Api:\n\tType: AWS::ApiGateway::RestApi\n",
			[]string{"template.yaml:4:1: invalid YAML: tab characters are not allowed in YAML indentation"}},
		{"YAML tab after spaces", "template.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n    \tName: x\n",
			[]string{"template.yaml:6:5: invalid YAML: tab characters are not allowed in YAML indentation"}},
		{"YAML tab in a block scalar", "template.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Description: |\n        a\n\tb\n",
			[]string{"template.yaml:8:1: invalid YAML: tab characters are not allowed in YAML indentation"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.file == "terraform.tfvars" {
				if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("variable \"a\" {}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := engine.Run([]string{dir}, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range res.Errors {
				if !e.IsError() {
					continue
				}
				rel, _ := filepath.Rel(dir, e.Range.File)
				got = append(got, rel+":"+itoa(e.Range.Start.Line)+":"+itoa(e.Range.Start.Column)+": "+e.Message)
			}
			if len(got) != len(c.want) {
				t.Fatalf("errors:\n%q\nwant prefixes:\n%q", got, c.want)
			}
			for i := range got {
				if len(got[i]) < len(c.want[i]) || got[i][:len(c.want[i])] != c.want[i] {
					t.Errorf("error %q, want it to start with %q", got[i], c.want[i])
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
