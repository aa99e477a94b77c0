package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// ErrAlreadyLoaded reports that a provider's file with the same content was loaded before.
var ErrAlreadyLoaded = errors.New("file already loaded")

// FileMeta describes a file offered for loading.
type FileMeta struct {
	Provider string
	Name     string // base name, shown in summaries and reject reports
	Hash     string // sha256 of the bytes as delivered, hex
	Format   string // ndjson | bundle
}

// Reject is one record that could not be loaded: where it was and why, never its content.
type Reject struct {
	Line         int64
	ResourceType string
	Code         string // stable reason code, e.g. invalid_json
	Reason       string // plain words, free of patient data
}

// FileLoad is one file's load: one transaction on one connection. Nothing it writes is
// visible to others until Commit; Rollback (or a crash) leaves no trace.
type FileLoad struct {
	db      *DB
	conn    *sql.Conn
	meta    FileMeta
	fileID  int64
	started time.Time
	batch   int32
	rejects []Reject
	stale   int64
	done    bool
}

// loadableTables are the tables ingest may write, with the key that identifies a resource
// in each (used to let a re-sent resource replace the earlier version).
var loadableTables = map[string]bool{
	"raw.resource": true, "core.coding": true, "core.patient": true, "core.encounter": true,
	"core.condition": true, "core.observation": true, "core.observation_component": true,
	"core.procedure": true, "core.medication_request": true, "core.medication": true,
	"core.immunization": true, "core.service_request": true, "core.device_request": true,
	"core.coverage": true, "core.allergy_intolerance": true, "core.adverse_event": true,
	"core.organization": true, "core.practitioner": true,
}

// resourceTypeOf names the FHIR type whose rows a per-type core table holds.
var resourceTypeOf = map[string]string{
	"core.patient": "Patient", "core.encounter": "Encounter", "core.condition": "Condition",
	"core.observation": "Observation", "core.observation_component": "Observation",
	"core.procedure": "Procedure", "core.medication_request": "MedicationRequest",
	"core.medication": "Medication", "core.immunization": "Immunization",
	"core.service_request": "ServiceRequest", "core.device_request": "DeviceRequest",
	"core.coverage": "Coverage", "core.allergy_intolerance": "AllergyIntolerance",
	"core.adverse_event": "AdverseEvent", "core.organization": "Organization",
	"core.practitioner": "Practitioner",
}

// BeginFile starts loading one file. It returns ErrAlreadyLoaded when the provider's file
// with the same content hash was loaded before.
func (db *DB) BeginFile(ctx context.Context, meta FileMeta) (*FileLoad, error) {
	var n int
	err := db.sql.QueryRowContext(ctx,
		`select count(*) from meta.ingest_file where provider = ? and content_hash = ? and status = 'loaded'`,
		meta.Provider, meta.Hash).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("checking ledger for %s: %w", meta.Name, err)
	}
	if n > 0 {
		return nil, ErrAlreadyLoaded
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("taking connection for %s: %w", meta.Name, err)
	}
	fl := &FileLoad{db: db, conn: conn, meta: meta, started: time.Now().UTC()}
	if err := conn.QueryRowContext(ctx, `select nextval('meta.ingest_file_seq')`).Scan(&fl.fileID); err != nil {
		conn.Close()
		return nil, fmt.Errorf("numbering file %s: %w", meta.Name, err)
	}
	if _, err := conn.ExecContext(ctx, `begin transaction`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("beginning load of %s: %w", meta.Name, err)
	}
	return fl, nil
}

// FileID is the ledger id of the file being loaded.
func (fl *FileLoad) FileID() int64 { return fl.fileID }

var viewSeq atomic.Int64

var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Write appends one Arrow record batch to table, matching columns by name. The provenance
// columns (provider, file_id, batch_id) are added here; rec must not carry them.
func (fl *FileLoad) Write(ctx context.Context, table string, rec arrow.RecordBatch) error {
	if fl.done {
		return fmt.Errorf("writing %s: load of %s already finished", table, fl.meta.Name)
	}
	if !loadableTables[table] {
		return fmt.Errorf("writing %s: not a loadable table", table)
	}
	if rec.NumRows() == 0 {
		return nil
	}
	cols := ""
	for i, f := range rec.Schema().Fields() {
		if !identRE.MatchString(f.Name) {
			return fmt.Errorf("writing %s: invalid column name %q", table, f.Name)
		}
		if i > 0 {
			cols += ", "
		}
		cols += `"` + f.Name + `"`
	}
	fl.batch++
	// A unique name: registered views are visible to the other pooled connections.
	view := fmt.Sprintf("arrow_load_%d", viewSeq.Add(1))
	reader, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return fmt.Errorf("writing %s: %w", table, err)
	}
	defer reader.Release()
	var release func()
	err = fl.conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(reader, view)
		return err
	})
	if err != nil {
		return fmt.Errorf("registering batch for %s: %w", table, err)
	}
	// The view can be read once; drop it before releasing the reader.
	_, insErr := fl.conn.ExecContext(ctx,
		`insert into `+table+` (provider, file_id, batch_id, `+cols+`) select ?, ?, ?, `+cols+` from `+view,
		fl.meta.Provider, fl.fileID, fl.batch)
	_, dropErr := fl.conn.ExecContext(context.WithoutCancel(ctx), `drop view if exists `+view)
	release()
	if insErr != nil {
		return fmt.Errorf("inserting batch %d into %s: %w", fl.batch, table, insErr)
	}
	if dropErr != nil {
		return fmt.Errorf("dropping batch view for %s: %w", table, dropErr)
	}
	return nil
}

// Reject records a record that could not be loaded. Rejects are written with the file.
func (fl *FileLoad) Reject(r Reject) { fl.rejects = append(fl.rejects, r) }

// Rejects returns the rejects recorded so far.
func (fl *FileLoad) Rejects() []Reject { return fl.rejects }

// Commit supersedes earlier versions of the resources this file re-sent, records the file
// in the ledger with its counts and rejects, and commits. counts is resources by type.
func (fl *FileLoad) Commit(ctx context.Context, counts map[string]int64) error {
	if fl.done {
		return fmt.Errorf("committing %s: load already finished", fl.meta.Name)
	}
	err := fl.finish(ctx, "loaded", "", counts)
	if err != nil {
		return errors.Join(fmt.Errorf("committing %s: %w", fl.meta.Name, err), fl.Rollback())
	}
	return nil
}

// CommitRejected records the whole file as rejected (with reason) and keeps none of its
// data, but keeps the record of its rejects, so the operator can see why.
func (fl *FileLoad) CommitRejected(ctx context.Context, reason string) error {
	if fl.done {
		return fmt.Errorf("rejecting %s: load already finished", fl.meta.Name)
	}
	if _, err := fl.conn.ExecContext(ctx, `rollback`); err != nil {
		return errors.Join(fmt.Errorf("rolling back %s: %w", fl.meta.Name, err), fl.Rollback())
	}
	if _, err := fl.conn.ExecContext(ctx, `begin transaction`); err != nil {
		return errors.Join(fmt.Errorf("recording rejected %s: %w", fl.meta.Name, err), fl.Rollback())
	}
	if err := fl.finish(ctx, "rejected", reason, nil); err != nil {
		return errors.Join(fmt.Errorf("recording rejected %s: %w", fl.meta.Name, err), fl.Rollback())
	}
	return nil
}

func (fl *FileLoad) finish(ctx context.Context, status, reason string, counts map[string]int64) error {
	if status == "loaded" {
		if err := fl.supersede(ctx); err != nil {
			return err
		}
	}
	var total int64
	var countRows []any
	for typ, n := range counts {
		total += n
		countRows = append(countRows, fl.fileID, typ, n)
	}
	if err := insertRows(ctx, fl.conn, `insert into meta.ingest_count values `, 3, countRows); err != nil {
		return fmt.Errorf("recording counts: %w", err)
	}
	var rejectRows []any
	for _, r := range fl.rejects {
		rejectRows = append(rejectRows, fl.fileID, fl.meta.Provider, fl.meta.Name, r.Line, nullable(r.ResourceType), r.Code, r.Reason)
	}
	if err := insertRows(ctx, fl.conn, `insert into meta.ingest_reject values `, 7, rejectRows); err != nil {
		return fmt.Errorf("recording rejects: %w", err)
	}
	// A file rejected before is recorded again under the same hash; keep only the latest.
	if _, err := fl.conn.ExecContext(ctx, `delete from meta.ingest_file where provider = ? and content_hash = ?`,
		fl.meta.Provider, fl.meta.Hash); err != nil {
		return fmt.Errorf("clearing earlier ledger rows: %w", err)
	}
	_, err := fl.conn.ExecContext(ctx, `insert into meta.ingest_file
		(file_id, provider, file_name, content_hash, format, status, resources, rejected, error, started_at, finished_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		fl.fileID, fl.meta.Provider, fl.meta.Name, fl.meta.Hash, fl.meta.Format, status, total,
		int64(len(fl.rejects)), nullable(reason), fl.started, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("recording file in ledger: %w", err)
	}
	if _, err := fl.conn.ExecContext(ctx, `commit`); err != nil {
		return err
	}
	fl.done = true
	return fl.conn.Close()
}

// Rollback abandons the load. It is safe to call more than once and after Commit.
func (fl *FileLoad) Rollback() error {
	if fl.done {
		return nil
	}
	fl.done = true
	_, err := fl.conn.ExecContext(context.Background(), `rollback`)
	return errors.Join(err, fl.conn.Close())
}

// insertRows runs insert (ending in "values ") for args, width values a row, in statements
// of up to 1,000 rows: one statement per file instead of one per row.
func insertRows(ctx context.Context, conn *sql.Conn, insert string, width int, args []any) error {
	const maxRows = 1000
	for len(args) > 0 {
		n := min(len(args)/width, maxRows)
		row := "(?" + strings.Repeat(", ?", width-1) + ")"
		q := insert + row + strings.Repeat(", "+row, n-1)
		if _, err := conn.ExecContext(ctx, q, args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
