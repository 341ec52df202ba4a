package lsp

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/edgelint/edgelint/engine"
	"github.com/edgelint/edgelint/internal/safetext"
	"github.com/edgelint/edgelint/model"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/vfs"
)

// unitState is the analysis of one unit key: at most one pending (timer)
// and one running analysis, the newer superseding the older.
type unitState struct {
	timer *time.Timer
	// latest is the generation of the newest schedule; an analysis of an
	// older generation is stale and its result dropped.
	latest uint64
	// only are the changed files the pending analysis is limited to.
	only map[string]bool
	// cancel cancels the running analysis.
	cancel context.CancelFunc
}

func (u *unitState) stop() {
	if u.timer != nil {
		u.timer.Stop()
	}
	if u.cancel != nil {
		u.cancel()
		u.cancel = nil
	}
}

// snapshot is what one analysis reads: the open documents as they were when
// it started.
type snapshot struct {
	seq      uint64
	key      string
	only     []string
	paths    []string
	overlay  map[string][]byte
	versions map[string]int32
	uris     map[string]DocumentURI
	enc      PositionEncodingKind
}

// fileState is what was last published for a file.
type fileState struct {
	// seq is the snapshot of the analysis that last decided this file's
	// diagnostics; an analysis of an older snapshot never overwrites it.
	seq uint64
	// key is the unit key of that analysis.
	key   string
	views []*view
}

// view is one published diagnostic with what hover and code actions need.
type view struct {
	diag Diagnostic
	rule string // empty for an input error
	name string
	fix  *fixView
}

// fixView is a finding's fix converted to LSP edits against the text the
// analysis read.
type fixView struct {
	title string
	edits map[DocumentURI][]TextEdit
	// read is the content of each edited file the edits were computed on,
	// by path: the fix is offered only while the files still read so.
	read map[string][]byte
}

// scheduleLocked (re)starts the analysis of path's unit after delay,
// superseding a pending or running one. The caller holds s.mu.
func (s *Server) scheduleLocked(path string, delay time.Duration) {
	if s.shutdown {
		return
	}
	key := unitKey(path)
	u := s.units[key]
	if u == nil {
		u = &unitState{}
		s.units[key] = u
	}
	u.stop()
	s.gen++
	gen := s.gen
	u.latest = gen
	if u.only == nil {
		u.only = map[string]bool{}
	}
	u.only[path] = true
	u.timer = time.AfterFunc(delay, func() { s.start(key, gen) })
}

// start runs the analysis of generation gen of key, unless a newer one has
// been scheduled since. It runs on the timer's goroutine, never on the
// JSON-RPC ones.
func (s *Server) start(key string, gen uint64) {
	s.mu.Lock()
	u := s.units[key]
	if u == nil || u.latest != gen || s.shutdown {
		s.mu.Unlock()
		return
	}
	s.seq++
	snap := &snapshot{
		seq:      s.seq,
		key:      key,
		overlay:  make(map[string][]byte, len(s.docs)),
		versions: make(map[string]int32, len(s.docs)),
		uris:     make(map[string]DocumentURI, len(s.docs)),
		enc:      s.enc,
	}
	for p := range u.only {
		// A document over the size limit is not analyzed.
		if d := s.docs[p]; d == nil || d.size == 0 {
			snap.only = append(snap.only, p)
		}
	}
	sort.Strings(snap.only)
	u.only = nil
	if len(snap.only) == 0 {
		s.mu.Unlock()
		return
	}
	for p, d := range s.docs {
		if d.size > 0 {
			continue // read from the disk, as the command line would
		}
		// Documents are replaced, never changed in place: sharing the
		// bytes is safe.
		snap.overlay[p], snap.versions[p], snap.uris[p] = d.text, d.version, d.uri
	}
	snap.paths = analysisPaths(s.roots, snap.only)
	ctx, cancel := context.WithCancel(context.Background())
	u.cancel = cancel
	s.mu.Unlock()

	opts := s.Options
	opts.Overlay = snap.overlay
	opts.Only = snap.only
	res, err := s.analyze(ctx, snap.paths, opts)
	cancelled := ctx.Err() != nil
	cancel()

	s.mu.Lock()
	current := u.latest == gen && !s.shutdown
	if current {
		u.cancel = nil
	}
	s.mu.Unlock()
	switch {
	case !current || cancelled:
		return // superseded
	case err != nil:
		s.logMessage(MessageError, "edgelint: "+err.Error())
		return
	}
	s.publish(snap, res)
}

// analyze calls s.Analyze, turning a panic into a log message and an empty
// result.
func (s *Server) analyze(ctx context.Context, paths []string, opts engine.Options) (res *engine.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logMessage(MessageError, fmt.Sprintf("edgelint: internal error during the analysis of %s: %v", strings.Join(opts.Only, ", "), r))
			s.logger.Printf("panic in analysis: %v\n%s", r, debug.Stack())
			res, err = &engine.Result{}, nil
		}
	}()
	res, err = s.Analyze(ctx, paths, opts)
	if err == nil && res == nil {
		res = &engine.Result{}
	}
	return res, err
}

// analysisPaths are the paths to analyze for changes to files: each
// workspace root holding one of them, and the directory of a file outside
// every root.
func analysisPaths(roots, files []string) []string {
	seen := map[string]bool{}
	var paths []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, f := range files {
		in := false
		for _, r := range roots {
			if within(f, r) {
				add(r)
				in = true
			}
		}
		if !in {
			add(filepath.Dir(f))
		}
	}
	return paths
}

// publish sends the diagnostics of an analysis for every file of its
// units: files with findings, files that contributed to the model, the
// changed files, and files this unit key published before (to clear them).
func (s *Server) publish(snap *snapshot, res *engine.Result) {
	conv := &converter{snap: snap, res: res, texts: map[string]*text{}}
	byFile := conv.views()

	scope := map[string]bool{}
	for _, p := range snap.only {
		scope[p] = true
	}
	if res.Config != nil {
		for _, p := range res.Config.Files {
			scope[absPath(p)] = true
		}
	}
	for p := range byFile {
		scope[p] = true
	}

	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	for p, st := range s.files {
		if st.key == snap.key || len(snap.only) == 0 {
			scope[p] = true
		}
	}
	files := make([]string, 0, len(scope))
	for p := range scope {
		if p != "" {
			files = append(files, p)
		}
	}
	sort.Strings(files)
	s.mu.Lock()
	shutdown := s.shutdown
	tooLarge := map[string]bool{}
	for _, p := range files {
		if d := s.docs[p]; d != nil && d.size > 0 {
			tooLarge[p] = true
		}
	}
	s.mu.Unlock()
	if shutdown {
		return
	}
	for _, p := range files {
		st := s.files[p]
		if st != nil && st.seq > snap.seq {
			continue // a newer analysis decided this file
		}
		if tooLarge[p] {
			continue // it keeps the diagnostic saying it is not analyzed
		}
		views := byFile[p]
		had := st != nil && len(st.views) > 0
		s.files[p] = &fileState{seq: snap.seq, key: snap.key, views: views}
		if !had && len(views) == 0 {
			continue
		}
		params := &PublishDiagnosticsParams{URI: conv.uri(p), Diagnostics: make([]Diagnostic, 0, len(views))}
		if v, open := snap.versions[p]; open {
			params.Version = &v
		}
		for _, v := range views {
			params.Diagnostics = append(params.Diagnostics, v.diag)
		}
		s.notify("textDocument/publishDiagnostics", params)
	}
}

// converter turns a result into LSP diagnostics against a snapshot.
type converter struct {
	snap  *snapshot
	res   *engine.Result
	texts map[string]*text
	raw   map[string][]byte
}

// text returns path's content as the analysis read it.
func (c *converter) text(path string) *text {
	if t, ok := c.texts[path]; ok {
		return t
	}
	src, ok := c.snap.overlay[path]
	if !ok {
		// A regular file within the size cap, as the analysis read it.
		src, _ = (*vfs.FS)(nil).ReadFile(path)
	}
	if c.raw == nil {
		c.raw = map[string][]byte{}
	}
	c.raw[path] = src
	t := newText(src)
	c.texts[path] = t
	return t
}

func (c *converter) uri(path string) DocumentURI {
	if u, ok := c.snap.uris[path]; ok {
		return u
	}
	return pathToURI(path)
}

// display shows the symbolic tokens of s and escapes its control
// characters: an editor may show the message in a terminal.
func (c *converter) display(s string) string {
	if c.res.Config == nil || c.res.Config.Symbols == nil || !model.HasToken(s) {
		return safetext.Escape(s)
	}
	return safetext.Escape(c.res.Config.Symbols.Display(s))
}

// views converts the findings and the input errors of open files, by
// file.
func (c *converter) views() map[string][]*view {
	byFile := map[string][]*view{}
	for _, f := range c.res.Findings {
		path := absPath(f.Range.File)
		if path == "" {
			continue
		}
		msg := c.display(f.Message)
		for _, n := range f.Notes {
			msg += "\n" + c.display(n)
		}
		d := Diagnostic{
			Range:    c.text(path).lspRange(f.Range, c.snap.enc),
			Severity: severity(string(f.Severity)),
			Code:     f.Rule,
			Source:   "edgelint",
			Message:  msg,
		}
		if r := rules.Lookup(f.Rule); r != nil {
			d.CodeDescription = &CodeDescription{Href: r.DocURL()}
		}
		for _, rel := range f.Related {
			rp := absPath(rel.Range.File)
			if rp == "" {
				continue
			}
			d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{
				Location: Location{URI: c.uri(rp), Range: c.text(rp).lspRange(rel.Range, c.snap.enc)},
				Message:  c.display(rel.Message),
			})
		}
		v := &view{diag: d, rule: f.Rule, name: f.Name, fix: c.fix(f, path)}
		byFile[path] = append(byFile[path], v)
	}
	for _, e := range c.res.Errors {
		path := absPath(e.Range.File)
		if _, open := c.snap.overlay[path]; !open {
			// An error without a position on a Terraform module (an
			// internal error of a rule or of the model's assembly)
			// names its directory: it is shown on the module's open
			// files, or it would not be shown at all.
			if e.Range.Start.Line == 0 {
				for _, p := range c.openIn(path) {
					byFile[p] = append(byFile[p], &view{diag: Diagnostic{Severity: severity(string(e.Severity)), Source: "edgelint", Message: c.display(e.Message)}})
				}
			}
			continue
		}
		d := Diagnostic{Severity: severity(string(e.Severity)), Source: "edgelint", Message: c.display(e.Message)}
		if e.Range.Start.Line > 0 {
			d.Range = c.text(path).lspRange(e.Range, c.snap.enc)
		}
		byFile[path] = append(byFile[path], &view{diag: d})
	}
	for _, vs := range byFile {
		sort.SliceStable(vs, func(i, j int) bool { return before(vs[i].diag.Range.Start, vs[j].diag.Range.Start) })
	}
	return byFile
}

// openIn returns the open documents directly in dir.
func (c *converter) openIn(dir string) []string {
	var out []string
	for p := range c.snap.overlay {
		if filepath.Dir(p) == dir {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// fix converts a finding's fix; nil when it has no edits.
func (c *converter) fix(f rules.Finding, path string) *fixView {
	if f.Fix == nil || len(f.Fix.Edits) == 0 {
		return nil
	}
	fv := &fixView{
		title: c.display(f.Fix.Description),
		edits: map[DocumentURI][]TextEdit{},
		read:  map[string][]byte{},
	}
	if fv.title == "" {
		fv.title = "Fix " + f.Rule
	}
	for _, e := range f.Fix.Edits {
		p := path
		if e.Range.File != "" {
			p = absPath(e.Range.File)
		}
		t := c.text(p)
		r := Range{Start: t.position(t.offset(e.Range.Start), c.snap.enc)}
		r.End = r.Start
		if e.Range.End.Line > 0 {
			r = t.lspRange(e.Range, c.snap.enc)
		}
		u := c.uri(p)
		fv.edits[u] = append(fv.edits[u], TextEdit{Range: r, NewText: e.NewText})
		fv.read[p] = c.raw[p]
	}
	return fv
}

// severity maps an edgelint severity to an LSP one.
func severity(s string) DiagnosticSeverity {
	switch rules.Severity(s) {
	case rules.Warning:
		return SeverityWarning
	case rules.Info:
		return SeverityInformation
	}
	return SeverityError
}

// absPath makes a path from a result absolute and clean; "" stays "".
func absPath(p string) string {
	if p == "" {
		return ""
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// current reports whether every file a fix edits still reads as it did
// when the fix was computed, in the open document or on the disk.
func (s *Server) current(fv *fixView) bool {
	for p, was := range fv.read {
		s.mu.Lock()
		doc := s.docs[p]
		s.mu.Unlock()
		var now []byte
		if doc != nil {
			now = doc.text
		} else {
			var err error
			if now, err = (*vfs.FS)(nil).ReadFile(p); err != nil {
				return false
			}
		}
		if !bytes.Equal(now, was) {
			return false
		}
	}
	return true
}
