// Package warehouse owns the DuckDB database: opening it with network access disabled,
// applying the embedded migrations, loading Arrow record batches one file per transaction,
// building SQL models and running queries. It is the only package that imports the driver.
package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// DB is an open, migrated Populace warehouse.
type DB struct {
	sql       *sql.DB
	connector *duckdb.Connector
	path      string
}

// Option is a DuckDB setting applied when the warehouse opens.
type Option func(url.Values)

// WithMemoryLimit caps DuckDB's memory (e.g. "6GB"); past it, joins, aggregates and sorts
// spill to the temporary folder beside the database file. Empty keeps DuckDB's default (80%
// of the machine's memory).
func WithMemoryLimit(limit string) Option {
	return func(q url.Values) {
		if limit != "" {
			q.Set("memory_limit", limit)
		}
	}
}

// Open opens (creating if needed) the warehouse at path and applies pending migrations.
// An empty path opens a private in-memory warehouse, as tests use.
// Extensions are never installed or loaded from the network: only the built-in json, parquet
// and icu are available.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	q.Set("enable_external_access", "true")
	q.Set("checkpoint_threshold", checkpointThreshold)
	for _, o := range opts {
		o(q)
	}
	connector, err := duckdb.NewConnector(path+"?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("opening warehouse %s: %w", displayPath(path), err)
	}
	db := &DB{sql: sql.OpenDB(connector), connector: connector, path: path}
	if err := db.sql.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening warehouse %s: %w", displayPath(path), err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating warehouse %s: %w", displayPath(path), err)
	}
	return db, nil
}

func displayPath(path string) string {
	if path == "" {
		return "(in memory)"
	}
	return path
}

// Close writes what the write-ahead log holds into the database file on every core
// (Checkpoint; DuckDB would do it on closing, on as many threads as WithThreads left it)
// and closes the database. It is safe to call more than once.
func (db *DB) Close() error {
	if db == nil || db.sql == nil {
		return nil
	}
	var err error
	if db.path != "" {
		err = db.Checkpoint(context.Background())
	}
	err = errors.Join(err, db.sql.Close())
	if db.connector != nil {
		err = errors.Join(err, db.connector.Close())
	}
	db.sql, db.connector = nil, nil
	return err
}

// SQL returns the database/sql handle for read queries. Values go in as bind parameters.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path is the file the warehouse lives in, or "" when in memory.
func (db *DB) Path() string { return db.path }

// Each runs query and calls fn for every row. It always closes the rows and reports
// rows.Err, so callers cannot forget either.
func (db *DB) Each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	return each(ctx, db.sql, query, args, fn)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func each(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) (err error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// InTx runs fn inside one transaction on one connection, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing transaction: %w", err)
	}
	return nil
}

// RecordJobRun records one run of a scheduled job: status is succeeded, failed or skipped.
func (db *DB) RecordJobRun(ctx context.Context, job string, started, finished time.Time, status, detail string) error {
	_, err := db.sql.ExecContext(ctx, `insert into meta.job_run (job, started_at, finished_at, status, detail) values (?, ?, ?, ?, ?)`,
		job, started.UTC(), finished.UTC(), status, nullable(detail))
	if err != nil {
		return fmt.Errorf("recording run of job %s: %w", job, err)
	}
	return nil
}

// LatestPeriod returns the measurement period of the latest succeeded compute run.
// ok is false when nothing has been computed yet.
func (db *DB) LatestPeriod(ctx context.Context) (start, end time.Time, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, `select period_start, period_end from meta.compute_run
		where status = 'succeeded' order by run_id desc limit 1`).Scan(&start, &end)
	if errors.Is(err, sql.ErrNoRows) {
		return start, end, false, nil
	}
	if err != nil {
		return start, end, false, fmt.Errorf("reading latest compute period: %w", err)
	}
	return start, end, true, nil
}
