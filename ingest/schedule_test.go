package ingest_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// TestParallelFilesSameRows loads the same generated network one file at a time and two
// files at a time (the default) and requires the same rows in every raw and core table and
// the same ledger, file by file. Each provider is also sent twice, so the second pass
// supersedes nothing and skips every file in both modes.
func TestParallelFilesSameRows(t *testing.T) {
	out := filepath.Join(t.TempDir(), "feeds")
	if _, err := synth.Generate(t.Context(), synth.Options{Out: out, Patients: 60, Providers: 2, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	provs, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	load := func(parallel int) map[string][]string {
		db, err := warehouse.Open(t.Context(), filepath.Join(t.TempDir(), "w.duckdb"), warehouse.WithThreads(1))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for pass, want := range []string{ingest.StatusLoaded, ingest.StatusSkipped} {
			for _, p := range provs {
				res, err := ingest.LoadPath(t.Context(), db, p.Name(), []string{filepath.Join(out, p.Name())},
					ingest.Options{LinkageSystem: synth.DefaultLinkageSystem, Strict: true, ParallelFiles: parallel})
				if err != nil {
					t.Fatal(err)
				}
				if len(res) < 5 {
					t.Fatalf("%s: %d files loaded, want the generator's typed files", p.Name(), len(res))
				}
				for i, r := range res {
					if r.Status != want {
						t.Fatalf("pass %d, %s: %s %v, want %s", pass+1, r.Name, r.Status, r.Err, want)
					}
					if i > 0 && r.Name < res[i-1].Name && !strings.HasPrefix(res[i-1].Name, "Patient") {
						t.Errorf("results out of order: %s after %s", r.Name, res[i-1].Name)
					}
				}
			}
		}
		return rowsByFile(t, db)
	}
	want := load(1)
	got := load(2)
	if len(want["raw.resource"]) == 0 {
		t.Fatal("nothing loaded")
	}
	for table, rows := range want {
		if strings.Join(got[table], "\n") != strings.Join(rows, "\n") {
			t.Errorf("%s: %d rows loading two files at once differ from the %d loading one at a time", table, len(got[table]), len(rows))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d tables read loading two files at once, %d one at a time", len(got), len(want))
	}
}

// rowsByFile reads every row of the raw and core tables and the ledger as text in a fixed
// order, naming each row's file instead of its ledger id (which is the order loads began).
func rowsByFile(t *testing.T, db *warehouse.DB) map[string][]string {
	t.Helper()
	type table struct {
		name   string
		fileID bool
	}
	var tables []table
	err := db.Each(t.Context(), `select schema_name || '.' || table_name, bool_or(column_name = 'file_id')
		from duckdb_columns()
		where schema_name in ('raw', 'core') or (schema_name = 'meta' and table_name in ('ingest_count', 'ingest_file'))
		group by all order by all`, nil, func(rows *sql.Rows) error {
		var tb table
		if err := rows.Scan(&tb.name, &tb.fileID); err != nil {
			return err
		}
		tables = append(tables, tb)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := map[string][]string{}
	for _, tb := range tables {
		q := `select * from ` + tb.name + ` order by all`
		switch {
		case tb.name == "meta.ingest_file":
			q = `select provider, file_name, content_hash, format, status, resources, rejected, error from meta.ingest_file order by all`
		case tb.fileID:
			q = `select f.provider || '/' || f.file_name as file, t.* exclude (file_id) from ` + tb.name + ` as t
				join meta.ingest_file as f using (file_id) order by all`
		}
		err := db.Each(t.Context(), q, nil, func(rows *sql.Rows) error {
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			var b strings.Builder
			for i, v := range vals {
				fmt.Fprintf(&b, "%s=%v|", cols[i], v)
			}
			all[tb.name] = append(all[tb.name], b.String())
			return nil
		})
		if err != nil {
			t.Fatalf("reading %s: %v", tb.name, err)
		}
	}
	return all
}
