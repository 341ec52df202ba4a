package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/model"
)

func loadSource(t *testing.T, src string) *model.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, errs := LoadModule(dir, Options{}, nil)
	for _, e := range errs {
		if e.Severity == model.SevError {
			t.Fatalf("error: %v", e)
		}
	}
	return cfg
}

// TestOriginAccessControl: an origin access control ID makes an S3 origin,
// an empty one (none) does not, nor does one on a custom origin.
func TestOriginAccessControl(t *testing.T) {
	cfg := loadSource(t, `
resource "aws_cloudfront_origin_access_control" "oac" {
  name = "oac"
}
resource "aws_cloudfront_distribution" "d" {
  origin {
    origin_id                = "oac"
    domain_name              = "b.s3.amazonaws.com"
    origin_access_control_id = aws_cloudfront_origin_access_control.oac.id
  }
  origin {
    origin_id                = "empty"
    domain_name              = "api.example.com"
    origin_access_control_id = ""
  }
  origin {
    origin_id                = "null"
    domain_name              = "api.example.com"
    origin_access_control_id = null
  }
  origin {
    origin_id                = "custom"
    domain_name              = "api.example.com"
    origin_access_control_id = aws_cloudfront_origin_access_control.oac.id
    custom_origin_config {
      origin_protocol_policy = "https-only"
    }
  }
  default_cache_behavior {
    target_origin_id = "oac"
  }
}
`)
	want := map[string]bool{"oac": true, "empty": false, "null": false, "custom": false}
	for _, o := range cfg.Distributions[0].Origins {
		if o.S3 != want[o.ID.V] {
			t.Errorf("origin %s: S3 %v", o.ID.V, o.S3)
		}
	}
}

// TestBasePathParameterUnknown: an unknown basepath import parameter
// leaves an API's resources unknown when the mode would change them, and
// not when the body has no base path.
func TestBasePathParameterUnknown(t *testing.T) {
	cfg := loadSource(t, `
variable "mode" {
  type = string
}
resource "aws_api_gateway_rest_api" "with_base" {
  name       = "a"
  body       = jsonencode({ swagger = "2.0", basePath = "/v1", paths = { "/items" = { get = {} } } })
  parameters = { basepath = var.mode }
}
resource "aws_api_gateway_rest_api" "no_base" {
  name       = "b"
  body       = jsonencode({ swagger = "2.0", paths = { "/items" = { get = {} } } })
  parameters = { basepath = var.mode }
}
resource "aws_api_gateway_rest_api" "known" {
  name       = "c"
  body       = jsonencode({ swagger = "2.0", basePath = "/v1", paths = { "/items" = { get = {} } } })
  parameters = { basepath = "prepend", other = var.mode }
}
`)
	for _, a := range cfg.APIs {
		var paths []string
		for _, r := range a.Resources {
			paths = append(paths, r.Path.V)
		}
		got := strings.Join(paths, ",")
		switch a.Source.Address {
		case "aws_api_gateway_rest_api.with_base":
			if !strings.Contains(a.ResourcesUnknown, "basepath import parameter is unknown") {
				t.Errorf("%s: resources %q, unknown %q", a.Source.Address, got, a.ResourcesUnknown)
			}
		case "aws_api_gateway_rest_api.no_base":
			if a.ResourcesUnknown != "" || got != "/,/items" && got != "/items" {
				t.Errorf("%s: resources %q, unknown %q", a.Source.Address, got, a.ResourcesUnknown)
			}
		case "aws_api_gateway_rest_api.known":
			if a.ResourcesUnknown != "" || !strings.Contains(got, "/v1/items") {
				t.Errorf("%s: resources %q, unknown %q", a.Source.Address, got, a.ResourcesUnknown)
			}
		}
	}
}

// TestFunctionAssociationOrder: function and Lambda@Edge associations keep
// the order they are written in.
func TestFunctionAssociationOrder(t *testing.T) {
	cfg := loadSource(t, `
resource "aws_cloudfront_distribution" "d" {
  origin {
    origin_id   = "o"
    domain_name = "api.example.com"
  }
  default_cache_behavior {
    target_origin_id = "o"
    lambda_function_association {
      event_type = "origin-request"
    }
    function_association {
      event_type = "viewer-request"
    }
    lambda_function_association {
      event_type = "origin-response"
    }
  }
}
`)
	var got []string
	for _, f := range cfg.Distributions[0].Behaviors[0].Functions {
		got = append(got, f.EventType.V+":"+map[bool]string{true: "lambda", false: "function"}[f.Lambda])
	}
	if want := "origin-request:lambda viewer-request:function origin-response:lambda"; strings.Join(got, " ") != want {
		t.Errorf("associations %q, want %q", strings.Join(got, " "), want)
	}
}
