package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/rules"
)

// noFile names the group of problems that carry no file.
const noFile = "(no file)"

// JUnit writes res as JUnit XML, the dialect Jenkins, GitLab and
// CircleCI read (as golangci-lint's junit-xml writes it): one testsuite
// per file, sorted by path, and in it one testcase per finding, named
// "CODE name" with classname "path:line:col", that holds a <failure>
// whose type is the severity, whose message is the location and message
// and whose text adds the notes, related locations, fix and the rule's
// documentation URL. An input that could not be read or parsed is a
// testcase named "input" holding an <error>; a limit of the analysis
// (input problems of severity warning or info) holds a <skipped>. Every
// other file edgelint read is one passing testcase named "edgelint", so
// a clean run still reports what it checked. Counts are on every
// testsuite and on testsuites.
func JUnit(w io.Writer, res *engine.Result, opts CIOptions) error {
	r := newCIRun(res, opts)
	groups := r.byFile(true)
	var tests, failures, errs int
	for _, g := range groups {
		t, f, e, _ := g.junitCounts()
		tests, failures, errs = tests+t, failures+f, errs+e
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(bw, format, args...) }
	p("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	p("<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\">\n", toolName, tests, failures, errs)
	for _, g := range groups {
		name := clean(g.path)
		if name == "" {
			name = noFile
		}
		t, f, e, s := g.junitCounts()
		p("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n", xmlAttr(name), t, f, e, s)
		for _, it := range g.items {
			if it.f != nil {
				r.junitFinding(p, *it.f)
			} else {
				junitError(p, *it.e)
			}
		}
		if len(g.items) == 0 {
			p("    <testcase name=\"%s\" classname=\"%s\"/>\n", toolName, xmlAttr(name))
		}
		p("  </testsuite>\n")
	}
	p("</testsuites>\n")
	return bw.Flush()
}

func (r *ciRun) junitFinding(p func(string, ...any), cf ciFinding) {
	loc := clean(spanText(cf.path, cf.f.Range))
	class := loc
	if class == "" {
		class = noFile
	}
	msg := cf.message
	if loc != "" {
		msg = loc + ": " + msg
	}
	body := append([]string{cf.message}, r.details(cf)...)
	if u := ruleDocURL(cf.f.Rule); u != "" {
		body = append(body, "rule: "+cf.title()+" — "+u)
	} else if t := cf.title(); t != "" {
		body = append(body, "rule: "+t)
	}
	p("    <testcase name=\"%s\" classname=\"%s\">\n", xmlAttr(cf.title()), xmlAttr(class))
	p("      <failure type=\"%s\" message=\"%s\">%s</failure>\n", cf.sev, xmlAttr(msg), xmlText(strings.Join(body, "\n")))
	p("    </testcase>\n")
}

func junitError(p func(string, ...any), ce ciError) {
	loc := clean(spanText(ce.path, ce.e.Range))
	class := loc
	if class == "" {
		class = noFile
	}
	msg := ce.message
	if loc != "" {
		msg = loc + ": " + msg
	}
	elem := "error"
	if ce.sev != rules.Error {
		elem = "skipped"
	}
	p("    <testcase name=\"%s\" classname=\"%s\">\n", inputCheck, xmlAttr(class))
	p("      <%s type=\"%s\" message=\"%s\">%s</%s>\n", elem, ce.sev, xmlAttr(msg), xmlText(ce.message), elem)
	p("    </testcase>\n")
}

// junitCounts are the testcases of a group, and how many of them fail,
// have an error and are skipped.
func (g *fileGroup) junitCounts() (tests, failures, errs, skipped int) {
	for _, it := range g.items {
		switch {
		case it.f != nil:
			failures++
		case it.e.sev == rules.Error:
			errs++
		default:
			skipped++
		}
	}
	tests = failures + errs + skipped
	if tests == 0 {
		tests = 1 // the passing testcase of a clean file
	}
	return tests, failures, errs, skipped
}
