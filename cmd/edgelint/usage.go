package main

// usage is the help text of every subcommand.
const usage = `edgelint finds why a CloudFront distribution in front of an API Gateway API
would answer 403 "Missing Authentication Token", by reading Terraform and
CloudFormation/SAM before anything is deployed.

Usage:
  edgelint [flags] [PATH...]          analyze PATHs (default: the current directory)
  edgelint inspect [flags] [PATH...]  show the model edgelint builds from PATHs
  edgelint trace [flags] PATH|URL [DIR...]
                                      follow one request through a distribution
                                      to the API and predict its answer
  edgelint rules [--format text|json] list the rules
  edgelint explain CODE|NAME          show the documentation of a rule (EL004 or
                                      behavior-matches-no-resource)
  edgelint lsp [flags]                run the language server for editors on
                                      standard input and output
  edgelint version                    print the version, the commit it was built
                                      from and the Go version (also --version)
  edgelint help                       show this help

A PATH is a directory to search for Terraform modules and CloudFormation/SAM
templates, or a single file. The first word that is not a flag names the
subcommand; to analyze a directory named like one, write ./rules or put it
after "--".

Flags may come before or after PATHs; "--" ends them.
  --format FORMAT               output format (default text): text, json, sarif,
                                junit, checkstyle, github, gitlab
  --fail-on error|warning|info  lowest severity that sets exit status 1
                                (default error); every finding is printed
  --color auto|always|never     colour text output (default auto: when standard
                                output is a terminal and NO_COLOR is unset or empty)
  --no-summary                  leave out the summary line of text output (and,
                                with --output, the summary on standard error)
  --output FILE                 write the report to FILE; the summary line goes
                                to standard error
  --enable CODES                run these rules (codes or names, comma-separated,
                                repeatable), on top of the configuration file
  --disable CODES               do not run these rules (as --enable)
  --fix                         make every certain fix in place (atomically,
                                inside --root, not over a file changed on disk
                                meanwhile), then report what is left
  --diff                        print the certain fixes as a unified diff and
                                change nothing (exit 1 when there is one)
  --fail-on-empty               exit 1 when no Terraform module or CloudFormation
                                template is found (always said on standard error)
  --changed-files               the PATHs are files a commit changes (as a
                                pre-commit hook passes them): analyze the units
                                they belong to under the current directory (the
                                module directory, the root modules calling it,
                                the template and the templates linked to it);
                                in a git checkout the files are listed from
                                its index, and module calls are cached in
                                $EDGELINT_CACHE_DIR (default: the user cache
                                directory; "off" for none)
  --config FILE                 read the configuration from FILE (default: the
                                first .edgelint.yaml from the first PATH upward,
                                up to the repository root)
  --no-config                   read no configuration file
  --root DIR                    read no file that resolves (symbolic links
                                followed) outside DIR (default: the repository
                                holding the PATHs, else the PATHs themselves)
  --baseline FILE               report only findings FILE does not record
  --write-baseline FILE         record today's findings in FILE and exit 0
  --var NAME=VALUE              set a Terraform input variable (repeatable)
  --var-file FILE               read Terraform variables from FILE (repeatable)
  --parameter KEY=VALUE         set a CloudFormation parameter (repeatable)
  -h, --help                    show this help
inspect takes --format, --config, --no-config, --root, --var, --var-file and
--parameter; it prints the model on standard output and input errors on
standard error.

trace follows one viewer request (default DIR: the current directory): the
behavior CloudFront chooses (and why the ones before it do not match), its
allowed methods and policies, its viewer-request CloudFront Functions, run on
the request (a Lambda@Edge function, or a function whose code edgelint does
not have, leaves the path unknown), the origin request and the headers that
reach the origin, the stage, resource and method API Gateway matches, the
credentials the method needs, and the answer, with the rule that reports its
fault. One line a hop, each with its file:line:col.
  --method M                    the request method (default GET)
  --header 'Name: value'        a viewer header (repeatable); with none, a
                                credential the behavior forwards is taken to
                                be sent
  --distribution NAME           the distribution, by resource address, logical
                                ID or alias (default: the one whose aliases
                                hold the URL's host, or the only one)
  --format text|json            output format (default text)
It also takes --config, --no-config, --root, --var, --var-file and
--parameter. Exit status: 0 when the request reaches the integration, when
the origin is not an API (or a function answers the viewer itself, not with
an error), and when the outcome is unknown (the output says why); 1 when it
fails; 2 on a usage error (several distributions and none picked: the
candidates are listed) or an input that could not be read or parsed.

Suppressions: a comment "# edgelint:ignore EL003 reason" (codes or names,
comma-separated) at the end of a line silences those rules on that line; on
a line of its own, on the next line and the block or YAML item it opens. A
CloudFormation resource's Metadata: {edgelint: {ignore: [EL003]}} silences
them in the resource. A suppression that silences nothing, names an unknown
rule or is misspelled ("# edgelint-ignore", "#edgelint: ignore") is a warning;
warnings about suppressions count as warnings (--fail-on warning).

Output:
  text  one line a finding, "file:line:col: severity: [CODE name] message",
        then the source with the range underlined and "=" lines for notes,
        related locations and fixes; inputs that could not be read or parsed
        follow as "file:line:col: severity: message"; a summary line ends it
  json  one object {"findings": [...], "errors": [...]}
  sarif       SARIF 2.1.0 for GitHub code scanning and other SARIF readers
  junit       JUnit XML: a test suite per file, a failed test case per finding
  checkstyle  Checkstyle XML (reviewdog, Jenkins Warnings NG)
  github      GitHub Actions workflow commands that annotate the pull request
  gitlab      GitLab Code Quality report (JSON)

Exit status:
  0  no finding at or above the --fail-on severity
  1  a finding (or a warning about a suppression) at or above the --fail-on
     severity; with --fail-on-empty, nothing found; with --diff, a fix to make
  2  a usage error (bad flag or value, missing PATH), or an input could not
     be read or parsed; every other input is still analyzed and reported;
     with --fix, a file that could not be fixed
`
