package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FeedRun is one run of a feed (a provider's inbox): what it picked up and what came of it.
type FeedRun struct {
	ID               int64
	Feed             string
	Started          time.Time
	Finished         time.Time
	Status           string // running | succeeded | quarantined | failed | cancelled | interrupted
	Attempts         int
	FilesLoaded      int
	FilesSkipped     int
	FilesQuarantined int
	FilesFailed      int
	Resources        map[string]int64 // loaded, by resource type
	Rejects          int64
	Error            string
	Files            []FeedRunFile
}

// FeedRunFile is one file a feed run picked up.
type FeedRunFile struct {
	Name    string // path relative to the inbox
	FileID  int64  // ledger id, 0 when the file was not read
	Status  string // loaded | skipped | rejected | failed
	MovedTo string // archive | quarantine | "" (left in the inbox)
}

// StartFeedRun records a run of feed as running and returns its id.
func (db *DB) StartFeedRun(ctx context.Context, feed string, started time.Time) (int64, error) {
	var id int64
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `select nextval('meta.feed_run_seq')`).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `insert into meta.feed_run (run_id, feed, started_at, status) values (?, ?, ?, 'running')`,
			id, feed, started.UTC())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("recording start of feed run %s: %w", feed, err)
	}
	return id, nil
}

// FinishFeedRun records the outcome of run (by run.ID), its counts and its files.
func (db *DB) FinishFeedRun(ctx context.Context, run FeedRun) error {
	var resources int64
	for _, n := range run.Resources {
		resources += n
	}
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `update meta.feed_run set finished_at = ?, status = ?, attempts = ?,
			files_loaded = ?, files_skipped = ?, files_quarantined = ?, files_failed = ?,
			resources = ?, rejects = ?, error = ?
			where run_id = ?`,
			run.Finished.UTC(), run.Status, run.Attempts, run.FilesLoaded, run.FilesSkipped,
			run.FilesQuarantined, run.FilesFailed, resources, run.Rejects, nullable(run.Error), run.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, fmt.Errorf("feed run %d is not recorded", run.ID))
		}
		for typ, n := range run.Resources {
			if _, err := tx.ExecContext(ctx, `insert into meta.feed_run_count values (?, ?, ?)`, run.ID, typ, n); err != nil {
				return err
			}
		}
		for _, f := range run.Files {
			var fileID any
			if f.FileID != 0 {
				fileID = f.FileID
			}
			if _, err := tx.ExecContext(ctx, `insert into meta.feed_run_file values (?, ?, ?, ?, ?)`,
				run.ID, f.Name, fileID, f.Status, nullable(f.MovedTo)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("recording feed run %d of %s: %w", run.ID, run.Feed, err)
	}
	return nil
}

// MarkInterruptedFeedRuns marks runs still recorded as running, left by a process that
// stopped without finishing them, as interrupted. Call it before starting any run.
func (db *DB) MarkInterruptedFeedRuns(ctx context.Context) (int64, error) {
	res, err := db.sql.ExecContext(ctx, `update meta.feed_run set status = 'interrupted' where status = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("marking interrupted feed runs: %w", err)
	}
	return res.RowsAffected()
}

// FileLedgerID is the ledger id of the provider's file with content hash (0 when none).
func (db *DB) FileLedgerID(ctx context.Context, provider, hash string) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `select file_id from meta.ingest_file where provider = ? and content_hash = ?`,
		provider, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading ledger id: %w", err)
	}
	return id, nil
}
