package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/fix"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// fixedFile is one file a plan changes: its content as read, and as the
// edits leave it.
type fixedFile struct {
	name     string // as the findings name it
	old, new []byte
	stamp    fileStamp
}

// fileStamp is what is checked right before a file is replaced, with its
// content (fixedFile.old): its size and modification time.
type fileStamp struct {
	size, sec, ns int64
	stamped       bool
	resolved      string
}

// stampOf records the state of a file.
func stampOf(resolved string) fileStamp {
	st := fileStamp{resolved: resolved}
	st.size, st.sec, st.ns, st.stamped = vfs.Stamp(resolved)
	return st
}

// prepareFixes reads every file the plan changes, through fsys (the
// scan's boundary), and makes the edits in memory. A file that cannot be
// read, lies outside the boundary or no longer holds the positions the
// edits were made for is reported and left out; failed is true then.
func (a *app) prepareFixes(plan *fix.Plan, fsys *vfs.FS) (files []fixedFile, failed bool) {
	for _, name := range plan.Names() {
		resolved, err := fsys.Confine(name)
		if err != nil {
			a.errorf("not fixing %s: %s", name, vfs.Reason(err))
			failed = true
			continue
		}
		old, err := fsys.ReadFile(name)
		if err != nil {
			a.errorf("not fixing %s: %s", name, vfs.Reason(err))
			failed = true
			continue
		}
		st := stampOf(resolved)
		updated, err := fix.ApplyEdits(name, old, plan.Files[name])
		if err != nil {
			a.errorf("not fixing %s: it changed since it was analyzed (%v)", name, err)
			failed = true
			continue
		}
		files = append(files, fixedFile{name: name, old: old, new: updated, stamp: st})
	}
	return files, failed
}

// reportConflicts says which fixes were not made because their edits
// overlap another's.
func (a *app) reportConflicts(plan *fix.Plan, findings []rules.Finding) {
	for _, i := range plan.Conflicts {
		f := findings[i]
		a.errorf("%s: %s fix not applied: its edits overlap another fix's in the same place; make the change by hand", location(f.Range), f.Rule)
	}
}

// location is file:line:col of r.
func location(r model.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// printDiff writes the unified diff of the certain fixes of findings to
// standard output without changing any file, and returns the exit status:
// 1 when there is something to fix, 0 when not, 2 when a file could not
// be read.
func (a *app) printDiff(findings []rules.Finding, fsys *vfs.FS, base string) int {
	plan := fix.NewPlan(findings)
	a.reportConflicts(plan, findings)
	files, failed := a.prepareFixes(plan, fsys)
	var out strings.Builder
	for _, f := range files {
		out.WriteString(fix.UnifiedDiff(diffName(base, f.name), f.old, f.new))
	}
	if _, err := fmt.Fprint(a.stdout, out.String()); err != nil {
		a.errorf("writing the diff: %v", err)
		return exitError
	}
	a.errorf("--fix would fix %s in %s", plural(len(plan.Fixed), "finding", "findings"), plural(len(files), "file", "files"))
	switch {
	case failed:
		return exitError
	case len(files) > 0:
		return exitFindings
	}
	return exitOK
}

// applyFixes makes the certain fixes of findings in their files. It
// returns false when a file could not be fixed (it is named on standard
// error).
func (a *app) applyFixes(findings []rules.Finding, fsys *vfs.FS) bool {
	plan := fix.NewPlan(findings)
	a.reportConflicts(plan, findings)
	files, failed := a.prepareFixes(plan, fsys)
	written := map[string]bool{}
	for _, f := range files {
		if err := writeFixed(fsys, f); err != nil {
			a.errorf("not fixing %s: %v", f.name, err)
			failed = true
			continue
		}
		written[f.name] = true
	}
	if len(plan.Fixed) > 0 || failed {
		a.errorf("fixed %s in %s", plural(countFixed(plan, findings, written), "finding", "findings"), plural(len(written), "file", "files"))
	}
	return !failed
}

// countFixed is the number of the plan's fixes whose every file was
// written.
func countFixed(plan *fix.Plan, findings []rules.Finding, written map[string]bool) int {
	n := 0
	for _, i := range plan.Fixed {
		all := true
		for _, e := range findings[i].Fix.Edits {
			all = all && written[e.Range.File]
		}
		if all {
			n++
		}
	}
	return n
}

// errChanged is the error of a file that changed on disk between its
// reading and its writing.
var errChanged = errors.New("it changed on disk while edgelint ran; run edgelint --fix again")

// writeFixed replaces the file f.name by its fixed content atomically: a
// temporary file in the same directory, with the file's mode, renamed
// over it, after checking right before the rename that the file still
// holds what was read (the content's hash, size and modification time).
func writeFixed(fsys *vfs.FS, f fixedFile) (err error) {
	target := f.stamp.resolved
	info, err := os.Stat(target)
	if err != nil {
		return errors.New(vfs.Reason(err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".edgelint-*")
	if err != nil {
		return errors.New(vfs.Reason(err))
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(f.new); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// The check comes last, right before the rename.
	if changed(fsys, f) {
		return errChanged
	}
	return os.Rename(tmp.Name(), target)
}

// changed reports whether f's file no longer holds what was read.
func changed(fsys *vfs.FS, f fixedFile) bool {
	now, err := fsys.ReadFile(f.name)
	if err != nil || !bytes.Equal(now, f.old) {
		return true
	}
	// The content is the same: its hash would be too.
	st := stampOf(f.stamp.resolved)
	return st.stamped != f.stamp.stamped ||
		st.size != f.stamp.size || st.sec != f.stamp.sec || st.ns != f.stamp.ns
}

// diffName is the name of a file in a diff header: relative to base,
// with forward slashes.
func diffName(base, name string) string {
	abs, err := filepath.Abs(name)
	if err == nil && base != "" {
		if rel, err := filepath.Rel(base, abs); err == nil {
			name = rel
		}
	}
	return filepath.ToSlash(name)
}

// plural is "1 finding", "2 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}
