package model

import "testing"

func TestDiagnosticSeverity(t *testing.T) {
	for _, c := range []struct {
		sev          Severity
		valid, error bool
	}{
		{SevError, true, true},
		{SevWarning, true, false},
		{SevInfo, true, false},
		{"", false, true}, // never taken for a clean run
		{"fatal", false, true},
	} {
		d := Diagnostic{Severity: c.sev}
		if c.sev.Valid() != c.valid || d.IsError() != c.error {
			t.Errorf("%q: Valid %v, IsError %v; want %v, %v", c.sev, c.sev.Valid(), d.IsError(), c.valid, c.error)
		}
		if got := (Diagnostics{{Severity: SevInfo}, d}).HasErrors(); got != c.error {
			t.Errorf("%q: HasErrors %v, want %v", c.sev, got, c.error)
		}
	}
	if (Diagnostics{}).HasErrors() || (Diagnostics{{Severity: SevWarning}}).HasErrors() {
		t.Error("HasErrors without an error")
	}
	ds := Diagnostics{{Severity: ""}, {Severity: SevInfo}, {Severity: "bogus"}, {Severity: SevWarning}}
	ds.Normalize()
	want := []Severity{SevError, SevInfo, SevError, SevWarning}
	for i, d := range ds {
		if d.Severity != want[i] {
			t.Errorf("Normalize: [%d] = %q, want %q", i, d.Severity, want[i])
		}
	}
	if e := Errorf(Range{File: "a.tf"}, "cannot read: %s", "x"); e.Severity != SevError || e.Message != "cannot read: x" {
		t.Errorf("Errorf = %+v", e)
	}
}
