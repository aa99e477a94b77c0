package warehouse_test

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"populace/warehouse"
)

func openTest(t *testing.T) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func patientBatch(ids ...string) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "gender", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, id := range ids {
		b.Field(0).(*array.StringBuilder).Append(id)
		b.Field(1).(*array.StringBuilder).Append("female")
	}
	return b.NewRecordBatch()
}

func rawBatch(ids ...string) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "line", Type: arrow.PrimitiveTypes.Int64},
		{Name: "resource_type", Type: arrow.BinaryTypes.String},
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "resource", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i, id := range ids {
		b.Field(0).(*array.Int64Builder).Append(int64(i + 1))
		b.Field(1).(*array.StringBuilder).Append("Patient")
		b.Field(2).(*array.StringBuilder).Append(id)
		b.Field(3).(*array.StringBuilder).Append(`{"resourceType":"Patient","id":"` + id + `"}`)
	}
	return b.NewRecordBatch()
}

func count(t *testing.T, db *warehouse.DB, query string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func load(t *testing.T, db *warehouse.DB, hash string, ids ...string) error {
	t.Helper()
	fl, err := db.BeginFile(t.Context(), warehouse.FileMeta{Provider: "p1", Name: "Patient.ndjson", Hash: hash, Format: "ndjson"})
	if err != nil {
		return err
	}
	defer fl.Rollback()
	for table, rec := range map[string]arrow.RecordBatch{"core.patient": patientBatch(ids...), "raw.resource": rawBatch(ids...)} {
		err := fl.Write(t.Context(), table, rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	return fl.Commit(t.Context(), map[string]int64{"Patient": int64(len(ids))})
}

func TestLoadCommitsOnceAndSupersedes(t *testing.T) {
	db := openTest(t)
	if err := load(t, db, "h1", "a", "b"); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `select count(*) from core.patient where provider = 'p1' and file_id is not null and batch_id >= 1`); got != 2 {
		t.Fatalf("patients after first load = %d, want 2", got)
	}
	if err := load(t, db, "h1", "a", "b"); !errors.Is(err, warehouse.ErrAlreadyLoaded) {
		t.Fatalf("second delivery of the same file: err = %v, want ErrAlreadyLoaded", err)
	}
	// A new file re-sends b and adds c: b is replaced, not doubled.
	if err := load(t, db, "h2", "b", "c"); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `select count(*) from core.patient`); got != 3 {
		t.Fatalf("patients after re-send = %d, want 3", got)
	}
	if got := count(t, db, `select count(*) from raw.resource`); got != 3 {
		t.Fatalf("raw resources after re-send = %d, want 3", got)
	}
	if got := count(t, db, `select count(*) from meta.ingest_file where status = 'loaded'`); got != 2 {
		t.Fatalf("ledger rows = %d, want 2", got)
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	db := openTest(t)
	fl, err := db.BeginFile(t.Context(), warehouse.FileMeta{Provider: "p1", Name: "x.ndjson", Hash: "h", Format: "ndjson"})
	if err != nil {
		t.Fatal(err)
	}
	rec := patientBatch("a")
	defer rec.Release()
	if err := fl.Write(t.Context(), "core.patient", rec); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `select count(*) from core.patient`); got != 0 {
		t.Fatalf("uncommitted rows visible to others: %d", got)
	}
	if err := fl.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := fl.Rollback(); err != nil {
		t.Fatalf("second Rollback: %v", err)
	}
	if got := count(t, db, `select count(*) from core.patient`) + count(t, db, `select count(*) from meta.ingest_file`); got != 0 {
		t.Fatalf("rows after rollback: %d", got)
	}
}

func TestWriteRefusesUnknownTable(t *testing.T) {
	db := openTest(t)
	fl, err := db.BeginFile(t.Context(), warehouse.FileMeta{Provider: "p1", Name: "x.ndjson", Hash: "h", Format: "ndjson"})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Rollback()
	rec := patientBatch("a")
	defer rec.Release()
	if err := fl.Write(t.Context(), "meta.ingest_file", rec); err == nil {
		t.Fatal("writing meta.ingest_file through a file load succeeded")
	}
}

func TestResentResourceInLaterFileReplacesAllRows(t *testing.T) {
	db := openTest(t)
	if err := load(t, db, "h1", "a"); err != nil {
		t.Fatal(err)
	}
	if err := load(t, db, "h2", "x"); err != nil { // nothing re-sent: nothing deleted
		t.Fatal(err)
	}
	if got := count(t, db, `select count(*) from core.patient`); got != 2 {
		t.Fatalf("patients = %d, want 2", got)
	}
	if err := load(t, db, "h3", "a"); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `select count(*) from core.patient where id = 'a'`); got != 1 {
		t.Fatalf("rows for re-sent patient a = %d, want 1", got)
	}
	if got := count(t, db, `select max(file_id) - min(file_id) from core.patient where id = 'a'`); got != 0 {
		t.Fatal("re-sent patient a kept rows from two files")
	}
}
