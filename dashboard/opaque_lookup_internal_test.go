package dashboard

import (
	"encoding/hex"
	"testing"
	"time"

	"populace/warehouse"
)

// The in-memory map from opaque person ids (opaque_lookup.go) must agree with the ids the
// pages link to, and be rebuilt for a new compute run.
func TestPersonByRefFollowsTheRun(t *testing.T) {
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.SQL().ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	day := time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC)
	newRun := func(id int, people ...string) {
		t.Helper()
		exec(`create or replace table core.person as select unnest(?::varchar[]) as person_id`, people)
		exec(`insert into meta.compute_run (run_id, period_start, period_end, status, started_at, finished_at)
			values (?, date '2025-01-01', date '2025-12-31', 'succeeded', ?, ?)`, id, day, day)
		s.fresh.mu.Lock()
		s.fresh.at = time.Time{} // see the run now rather than within freshnessTTL
		s.fresh.mu.Unlock()
	}
	check := func(person string, want bool) {
		t.Helper()
		ref := s.personRef(person)
		if k := s.refKey("person", person); hex.EncodeToString(k[:]) != ref {
			t.Fatalf("refKey %x differs from the page's id %s", k, ref)
		}
		id, ok, err := s.personByRef(t.Context(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if ok != want || ok && id != person {
			t.Errorf("personByRef(ref of %s) = %q, %t; want found %t", person, id, ok, want)
		}
	}
	newRun(1, "p:north/1", "t:abc")
	check("p:north/1", true)
	check("t:abc", true)
	check("p:north/2", false)
	if _, ok, _ := s.personByRef(t.Context(), s.gapRef("p:north/1")); ok {
		t.Error("a gap's opaque id found a person")
	}
	newRun(2, "p:north/2")
	check("p:north/2", true)
	check("p:north/1", false)
}
