package warehouse

import (
	"testing"
)

func TestMigrationWithLowerNumberLandingLaterStillRuns(t *testing.T) {
	db, err := Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	later := []migration{{version: 9001, name: "9001_a.sql", text: `create table main.t_a (x integer)`}}
	if err := db.apply(t.Context(), later); err != nil {
		t.Fatal(err)
	}
	// 9000 lands after 9001 was applied (work developed in parallel).
	both := []migration{
		{version: 9000, name: "9000_b.sql", text: `create table main.t_b (x integer)`},
		later[0],
	}
	if err := db.apply(t.Context(), both); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from main.schema_migration where version in (9000, 9001)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("recorded migrations = %d, want 2", n)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `insert into main.t_b values (1)`); err != nil {
		t.Fatalf("migration 9000 did not run: %v", err)
	}
}

func TestFailedMigrationLeavesNoRecord(t *testing.T) {
	db, err := Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bad := []migration{{version: 9100, name: "9100_bad.sql", text: `create table main.t_c (x integer); select nonsense from nowhere`}}
	if err := db.apply(t.Context(), bad); err == nil {
		t.Fatal("a failing migration was applied")
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from main.schema_migration where version = 9100`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("a failed migration was recorded")
	}
	if _, err := db.SQL().ExecContext(t.Context(), `select * from main.t_c`); err == nil {
		t.Fatal("a failed migration left its table behind")
	}
}

func TestEmbeddedMigrationsAreNumberedUniquely(t *testing.T) {
	migs, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(migs) == 0 {
		t.Fatal("no migrations embedded")
	}
}

func TestMemoryLimitIsApplied(t *testing.T) {
	db, err := Open(t.Context(), "", WithMemoryLimit("512MB"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var limit string
	if err := db.SQL().QueryRowContext(t.Context(), `select current_setting('memory_limit')`).Scan(&limit); err != nil {
		t.Fatal(err)
	}
	if limit != "488.2 MiB" && limit != "512.0 MB" && limit != "512MB" {
		t.Errorf("memory_limit = %q, want 512MB", limit)
	}
}
