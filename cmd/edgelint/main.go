// Command edgelint reads Terraform and CloudFormation/SAM configurations and
// reports why a CloudFront distribution in front of an API Gateway API would
// answer 403 "Missing Authentication Token".
//
// Run "edgelint --help" for the subcommands, flags and exit statuses.
package main

import (
	"io"
	"log"
	"os"
)

func main() {
	// edgelint writes nothing through the standard logger; libraries do:
	// go-cty-funcs' base64decode logs the bytes it decoded, raw, when
	// they are not UTF-8, which would put the input's line breaks,
	// escape sequences and workflow commands on standard error.
	log.SetOutput(io.Discard)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
