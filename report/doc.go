// Package report renders what an edgelint run found: findings and input
// errors as text for people and terminals (Text), as one JSON document for
// machines (JSON), in the formats CI systems and code review tools read
// (SARIF, JUnit, Checkstyle, GitHub workflow commands, GitLab Code Quality;
// see Write), and the assembled model itself, as edgelint understood it,
// for debugging a configuration (Inspect).
//
// Text, JSON and Inspect show paths exactly as the engine recorded them, so
// relative inputs stay relative; the CI formats clean them and show them
// relative to CIOptions.BaseDir. Symbolic tokens (values only known after
// deploy) are shown with model.Symbols.Display, e.g.
// "<aws_api_gateway_rest_api.blog.id>".
//
// Text output has one machine-readable line per problem,
//
//	file:line:col: severity: [CODE name] message
//
// followed by lines for people, all indented: the source snippet with the
// range underlined, then notes, related locations and the suggested fix,
// each introduced by "=". Inputs that could not be read or parsed follow in
// the same form without the bracketed rule ("file:line:col: error: message",
// or "file: error: message" when no line is known), and an optional summary
// line ends the report. Blank lines separate problems. Tools that only want
// the machine lines keep the non-empty lines that do not start with a space,
// minus the summary.
package report
