package warehouse_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"populace/warehouse"
)

// version is one sent version of Patient id: its meta.lastUpdated (zero: none) and
// meta.versionId ("" none).
type version struct {
	id      string
	updated string // RFC 3339, "" for none
	vid     string
	gender  string // marks which version a row is
}

// loadVersions loads one file of Patient versions (raw.resource, core.patient and a coding
// each), runs Check and commits when it finds nothing.
func loadVersions(t *testing.T, db *warehouse.DB, provider, hash string, vs ...version) (warehouse.Check, *warehouse.FileLoad) {
	t.Helper()
	fl, err := db.BeginFile(t.Context(), warehouse.FileMeta{Provider: provider, Name: hash + ".ndjson", Hash: hash, Format: "ndjson"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fl.Rollback() })
	raw := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "line", Type: arrow.PrimitiveTypes.Int64},
		{Name: "resource_type", Type: arrow.BinaryTypes.String},
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "patient_id", Type: arrow.BinaryTypes.String},
		{Name: "last_updated", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{Name: "resource", Type: arrow.BinaryTypes.String},
	}, nil))
	defer raw.Release()
	pat := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "gender", Type: arrow.BinaryTypes.String},
	}, nil))
	defer pat.Release()
	cod := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "resource_type", Type: arrow.BinaryTypes.String},
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "element", Type: arrow.BinaryTypes.String},
		{Name: "seq", Type: arrow.PrimitiveTypes.Int32},
		{Name: "code", Type: arrow.BinaryTypes.String},
	}, nil))
	defer cod.Release()
	for i, v := range vs {
		raw.Field(0).(*array.Int64Builder).Append(int64(i + 1))
		raw.Field(1).(*array.StringBuilder).Append("Patient")
		raw.Field(2).(*array.StringBuilder).Append(v.id)
		raw.Field(3).(*array.StringBuilder).Append(v.id)
		meta := "{}"
		if v.updated != "" {
			ts, err := time.Parse(time.RFC3339, v.updated)
			if err != nil {
				t.Fatal(err)
			}
			raw.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMicro()))
		} else {
			raw.Field(4).AppendNull()
		}
		if v.vid != "" {
			meta = fmt.Sprintf(`{"versionId":%q}`, v.vid)
		}
		raw.Field(5).(*array.StringBuilder).Append(fmt.Sprintf(`{"resourceType":"Patient","id":%q,"meta":%s,"gender":%q}`, v.id, meta, v.gender))
		pat.Field(0).(*array.StringBuilder).Append(v.id)
		pat.Field(1).(*array.StringBuilder).Append(v.gender)
		cod.Field(0).(*array.StringBuilder).Append("Patient")
		cod.Field(1).(*array.StringBuilder).Append(v.id)
		cod.Field(2).(*array.StringBuilder).Append("maritalStatus")
		cod.Field(3).(*array.Int32Builder).Append(0)
		cod.Field(4).(*array.StringBuilder).Append(v.gender)
	}
	for table, b := range map[string]*array.RecordBuilder{"raw.resource": raw, "core.patient": pat, "core.coding": cod} {
		rec := b.NewRecordBatch()
		err := fl.Write(t.Context(), table, rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	chk, err := fl.Check(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if chk.Empty() {
		if err := fl.Commit(t.Context(), map[string]int64{"Patient": int64(len(vs))}); err != nil {
			t.Fatal(err)
		}
	}
	return chk, fl
}

// kept returns the gender (version marker) of patient id in core.patient, raw.resource's
// file and core.coding, checking each table holds exactly one version.
func kept(t *testing.T, db *warehouse.DB, id string) string {
	t.Helper()
	var n, files int
	var gender, code string
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*), any_value(gender) from core.patient where id = ?`, id).Scan(&n, &gender); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("core.patient holds %d rows of %s, want 1", n, id)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*), count(distinct file_id) from raw.resource where id = ?`, id).Scan(&n, &files); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("raw.resource holds %d rows of %s, want 1", n, id)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*), any_value(code) from core.coding where id = ?`, id).Scan(&n, &code); err != nil {
		t.Fatal(err)
	}
	if n != 1 || code != gender {
		t.Fatalf("core.coding holds %d rows of %s (code %s), want 1 of version %s", n, id, code, gender)
	}
	return gender
}

func TestNewestVersionWinsWhateverTheArrivalOrder(t *testing.T) {
	tests := []struct {
		name  string
		files [][]version
		want  string
		stale int64 // resources of the last file not kept
	}{
		{"newer arrives later", [][]version{{{"a", "2025-01-01T00:00:00Z", "", "old"}}, {{"a", "2025-02-01T00:00:00Z", "", "new"}}}, "new", 0},
		{"older arrives later", [][]version{{{"a", "2025-02-01T00:00:00Z", "", "new"}}, {{"a", "2025-01-01T00:00:00Z", "", "old"}}}, "new", 1},
		{"same stamp: later arrival", [][]version{{{"a", "2025-02-01T00:00:00Z", "", "first"}}, {{"a", "2025-02-01T00:00:00Z", "", "second"}}}, "second", 0},
		{"stated stamp beats none", [][]version{{{"a", "2025-02-01T00:00:00Z", "", "stamped"}}, {{"a", "", "", "unstamped"}}}, "stamped", 1},
		{"versionId without stamps", [][]version{{{"a", "", "10", "v10"}}, {{"a", "", "9", "v9"}}}, "v10", 1},
		{"versionId as a number, not text", [][]version{{{"a", "", "9", "v9"}}, {{"a", "", "10", "v10"}}}, "v10", 0},
		{"no stamps: later arrival", [][]version{{{"a", "", "", "first"}}, {{"a", "", "", "second"}}}, "second", 0},
		{"re-sent unchanged: replaced all the same", [][]version{{{"a", "", "", "same"}}, {{"a", "", "", "same"}}}, "same", 0},
		{"three files, middle newest", [][]version{
			{{"a", "2025-01-01T00:00:00Z", "", "jan"}},
			{{"a", "2025-03-01T00:00:00Z", "", "mar"}},
			{{"a", "2025-02-01T00:00:00Z", "", "feb"}}}, "mar", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			var fl *warehouse.FileLoad
			for i, f := range tt.files {
				_, fl = loadVersions(t, db, "p1", fmt.Sprintf("h%d", i), f...)
			}
			if got := kept(t, db, "a"); got != tt.want {
				t.Errorf("kept version %s, want %s", got, tt.want)
			}
			if fl.Stale() != tt.stale {
				t.Errorf("stale = %d, want %d", fl.Stale(), tt.stale)
			}
		})
	}
}

func TestVersionsAreKeptPerProvider(t *testing.T) {
	db := openTest(t)
	loadVersions(t, db, "p1", "h1", version{"a", "2025-02-01T00:00:00Z", "", "p1"})
	loadVersions(t, db, "p2", "h2", version{"a", "2025-01-01T00:00:00Z", "", "p2"})
	if n := count(t, db, `select count(*) from core.patient where id = 'a'`); n != 2 {
		t.Fatalf("patient a of two providers: %d rows, want 2", n)
	}
}

func TestCheckFindsDuplicatesWithinAFile(t *testing.T) {
	db := openTest(t)
	chk, _ := loadVersions(t, db, "p1", "h1",
		version{"a", "2025-02-01T00:00:00Z", "", "newest"},
		version{"b", "", "", "b"},
		version{"a", "2025-01-01T00:00:00Z", "", "older"},
		version{"a", "2025-02-01T00:00:00Z", "", "same stamp, later line"},
	)
	if fmt.Sprint(chk.Superseded) != "[1 3]" {
		t.Errorf("superseded lines = %v, want [1 3] (line 4 has the newest stamp and arrived last)", chk.Superseded)
	}
	if n := count(t, db, `select count(*) from meta.ingest_file`); n != 0 {
		t.Errorf("a checked file was committed: %d ledger rows", n)
	}
}

func TestCheckFindsRecordsWithoutTheirPatient(t *testing.T) {
	db := openTest(t)
	loadVersions(t, db, "p1", "h1", version{"known", "", "", "x"})
	// The same patient id of another provider does not count.
	loadVersions(t, db, "p2", "h3", version{"absent", "", "", "x"})
	fl, err := db.BeginFile(t.Context(), warehouse.FileMeta{Provider: "p1", Name: "Observation.ndjson", Hash: "h2", Format: "ndjson"})
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Rollback()
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "line", Type: arrow.PrimitiveTypes.Int64},
		{Name: "resource_type", Type: arrow.BinaryTypes.String},
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "patient_id", Type: arrow.BinaryTypes.String},
		{Name: "resource", Type: arrow.BinaryTypes.String},
	}, nil))
	defer b.Release()
	for i, p := range []string{"known", "absent", "", "known"} {
		b.Field(0).(*array.Int64Builder).Append(int64(i + 1))
		b.Field(1).(*array.StringBuilder).Append("Observation")
		b.Field(2).(*array.StringBuilder).Append(fmt.Sprint("o", i))
		if p == "" {
			b.Field(3).AppendNull()
		} else {
			b.Field(3).(*array.StringBuilder).Append(p)
		}
		b.Field(4).(*array.StringBuilder).Append(`{}`)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	if err := fl.Write(t.Context(), "raw.resource", rec); err != nil {
		t.Fatal(err)
	}
	chk, err := fl.Check(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(chk.UnknownPatient) != 1 || chk.UnknownPatient[0].Line != 2 || chk.UnknownPatient[0].ResourceType != "Observation" {
		t.Errorf("unknown-patient records = %+v, want line 2 only", chk.UnknownPatient)
	}
}
