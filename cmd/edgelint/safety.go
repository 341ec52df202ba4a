package main

import (
	"crypto/rand"
	"encoding/hex"
	"io"

	"github.com/edgelint/edgelint/report"
)

// GitHub Actions runs the workflow commands ("::error file=…::…") it finds
// at the start of a line, after white space, of a step's output. The text,
// JUnit and Checkstyle reports echo names and source lines of the
// analyzed files, which a pull request controls: a file named
// "::add-mask::x.tf" would start such a line. In a GitHub Actions run
// (GITHUB_ACTIONS=true) these reports are printed between
// "::stop-commands::TOKEN" and "::TOKEN::", which make the runner read
// what is between as plain text (GitHub, "Stopping and starting workflow
// commands",
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands). TOKEN is random for every run, so that the report cannot
// end the pause itself.

// pausesCommands reports whether format, printed in a GitHub Actions run,
// is put between stop-commands markers: the formats that echo input text
// at the start of a line. The github format is commands; the JSON formats
// never start a line with "::".
func pausesCommands(format string) bool {
	switch format {
	case "", report.FormatText, report.FormatJUnit, report.FormatCheckstyle:
		return true
	}
	return false
}

// inGitHubActions reports whether edgelint runs in a GitHub Actions job.
func (a *app) inGitHubActions() bool {
	return a.getenv != nil && a.getenv("GITHUB_ACTIONS") == "true"
}

// stopCommands writes the marker that stops GitHub Actions from running
// workflow commands in w's output, and returns the function that writes
// the marker starting them again. Outside GitHub Actions, or for a format
// that need not pause them, it writes nothing.
func (a *app) stopCommands(w io.Writer, format string) (resume func()) {
	if !a.inGitHubActions() || !pausesCommands(format) {
		return func() {}
	}
	token := commandToken()
	_, _ = io.WriteString(w, "::stop-commands::"+token+"\n")
	return func() { _, _ = io.WriteString(w, "::"+token+"::\n") }
}

// commandToken is a random token for stop-commands.
func commandToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return "edgelint-" + hex.EncodeToString(b)
}
