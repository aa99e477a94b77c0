package warehouse_test

import (
	"os"
	"path/filepath"
	"testing"

	"populace/warehouse"
)

func TestWithThreads(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []warehouse.Option
		want func(int) bool
	}{
		{"one", []warehouse.Option{warehouse.WithThreads(1)}, func(n int) bool { return n == 1 }},
		{"default", []warehouse.Option{warehouse.WithThreads(0)}, func(n int) bool { return n >= 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := warehouse.Open(t.Context(), "", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var n int
			if err := db.SQL().QueryRowContext(t.Context(), `select current_setting('threads')`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if !tc.want(n) {
				t.Errorf("threads = %d", n)
			}
		})
	}
}

// A checkpoint runs on every core and leaves the thread setting of a loading process as it
// found it; it empties the write-ahead log into the database file.
func TestCheckpointRestoresThreads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := warehouse.Open(t.Context(), path, warehouse.WithThreads(1))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(t.Context(), `create table main.t as select range as i, 'x' || range as s from range(100000)`); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + ".wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the write-ahead log should hold the new table before the checkpoint (stat: %v)", err)
	}
	if err := db.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + ".wal"); err == nil && st.Size() > 0 {
		t.Errorf("write-ahead log holds %d bytes after the checkpoint", st.Size())
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select current_setting('threads')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("threads = %d after the checkpoint, want the 1 the warehouse was opened with", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = warehouse.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from main.t`).Scan(&n); err != nil || n != 100000 {
		t.Errorf("after reopening: %d rows (%v), want 100000", n, err)
	}
}
