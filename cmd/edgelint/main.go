// Command edgelint reads Terraform and CloudFormation/SAM configurations and
// reports why a CloudFront distribution in front of an API Gateway API would
// answer 403 "Missing Authentication Token".
//
// Run "edgelint --help" for the subcommands, flags and exit statuses.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
