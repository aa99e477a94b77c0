package dashboard

import (
	"context"
	"testing"
)

func TestAggregateCache(t *testing.T) {
	var c aggregateCache
	builds := 0
	build := func() (int, error) { builds++; return builds, nil }
	exec := context.WithValue(t.Context(), accountKey{}, &account{Role: RoleExecutive})
	qm := context.WithValue(t.Context(), accountKey{}, &account{Role: RoleQualityManager})
	run1, run2 := &computeRun{ID: 1}, &computeRun{ID: 2}

	get := func(ctx context.Context, run *computeRun, key string) int {
		t.Helper()
		v, err := cachedAggregate(ctx, &c, run, key, build)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if a, b := get(exec, run1, "overview"), get(exec, run1, "overview"); a != 1 || b != 1 {
		t.Fatalf("same run, key and role built twice: %d, %d", a, b)
	}
	if v := get(qm, run1, "overview"); v != 2 {
		t.Errorf("a quality manager got the executive's suppressed figures (build %d)", v)
	}
	if v := get(exec, run1, "measure/CMS122"); v != 3 {
		t.Errorf("another page shared an entry (build %d)", v)
	}
	if v := get(exec, run2, "overview"); v != 4 {
		t.Errorf("a new run reused the old run's figures (build %d)", v)
	}
	c.invalidate()
	if v := get(exec, run2, "overview"); v != 5 {
		t.Errorf("figures survived invalidate (build %d)", v)
	}
	if v, _ := cachedAggregate(exec, &c, nil, "overview", build); v != 6 {
		t.Errorf("no run: figures were cached (build %d)", v)
	}
}
