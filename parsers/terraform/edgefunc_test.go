package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/model"
)

// TestCloudFrontFunctions: functions are read with their code (inline,
// heredoc, file()), and associations link to them by reference or by a
// literal ARN naming a function of the module.
func TestCloudFrontFunctions(t *testing.T) {
	dir := t.TempDir()
	js := "function handler(event) { return event.request; }\n"
	if err := os.WriteFile(filepath.Join(dir, "fn.js"), []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	src := `
resource "aws_cloudfront_function" "inline" {
  name    = "inline"
  runtime = "cloudfront-js-1.0"
  code    = "function handler(e) { return e.request; }"
}
resource "aws_cloudfront_function" "heredoc" {
  name    = "heredoc"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
    function handler(e) { return e.request; }
  EOT
  key_value_store_associations = ["arn:aws:cloudfront::123456789012:key-value-store/k"]
}
resource "aws_cloudfront_function" "file" {
  name    = "from-file"
  runtime = "cloudfront-js-2.0"
  code    = file("${path.module}/fn.js")
}
variable "code" {}
resource "aws_cloudfront_function" "unknown" {
  name    = "unknown"
  runtime = "cloudfront-js-2.0"
  code    = var.code
}
resource "aws_cloudfront_distribution" "d" {
  origin {
    origin_id   = "o"
    domain_name = "example.com"
  }
  ordered_cache_behavior {
    path_pattern     = "/a/*"
    target_origin_id = "o"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.inline.arn
    }
  }
  ordered_cache_behavior {
    path_pattern     = "/b/*"
    target_origin_id = "o"
    function_association {
      event_type   = "viewer-request"
      function_arn = "arn:aws:cloudfront::123456789012:function/from-file"
    }
  }
  ordered_cache_behavior {
    path_pattern     = "/c/*"
    target_origin_id = "o"
    function_association {
      event_type   = "viewer-request"
      function_arn = "arn:aws:cloudfront::123456789012:function/elsewhere"
    }
  }
  default_cache_behavior {
    target_origin_id = "o"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.heredoc.arn
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := LoadModule(dir, Options{}, nil)
	model.Assemble(cfg)
	fns := map[string]*model.EdgeFunction{}
	for _, f := range cfg.EdgeFunctions {
		fns[f.Source.Address] = f
	}
	if len(fns) != 4 {
		t.Fatalf("got %d functions, want 4", len(cfg.EdgeFunctions))
	}
	if f := fns["aws_cloudfront_function.inline"]; f.Code.V != "function handler(e) { return e.request; }" || f.Runtime.V != model.RuntimeJS1 || f.Code.Range.Start.Line != 5 {
		t.Errorf("inline: %+v", f)
	}
	if f := fns["aws_cloudfront_function.heredoc"]; f.Code.V != "function handler(e) { return e.request; }\n" || len(f.KeyValueStores) != 1 {
		t.Errorf("heredoc: %+v", f)
	}
	if f := fns["aws_cloudfront_function.file"]; !f.Code.Known || f.Code.V != js {
		t.Errorf("file: %+v", f)
	}
	if f := fns["aws_cloudfront_function.unknown"]; f.Code.Known && !model.HasToken(f.Code.V) {
		t.Errorf("unknown code read as %q", f.Code.V)
	}
	var d *model.Distribution
	for _, x := range cfg.Distributions {
		d = x
	}
	want := []*model.EdgeFunction{fns["aws_cloudfront_function.inline"], fns["aws_cloudfront_function.file"], nil, fns["aws_cloudfront_function.heredoc"]}
	for i, b := range d.Behaviors {
		if got := b.Functions[0].Function; got != want[i] {
			t.Errorf("behavior %s: linked to %v, want %v", b.PathPattern.V, got, want[i])
		}
	}
}
