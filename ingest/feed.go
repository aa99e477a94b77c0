package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"populace/warehouse"
)

// Feed run statuses (meta.feed_run.status).
const (
	RunSucceeded   = "succeeded"
	RunQuarantined = "quarantined" // the run went through; some files were rejected whole
	RunFailed      = "failed"      // retries exhausted; files left in the inbox are tried next run
	RunCancelled   = "cancelled"   // shutdown; an in-flight load rolled back
)

// Where a feed moves a file.
const (
	movedArchive    = "archive"
	movedQuarantine = "quarantine"
)

// RunFeed runs a feed once: it loads every file in the inbox (Patient files first), moves
// each file loaded or already loaded to the archive and each file rejected whole to the
// quarantine with a report beside it, and records the run in meta.feed_run. A failure of the
// run itself (warehouse, unreadable file, failed move) is retried with backoff up to
// f.Retries times; files already dealt with are not loaded again (they are in the ledger).
// Cancelling ctx stops the run: the file being loaded rolls back and stays in the inbox.
// The error is the run's failure, after it was recorded.
func RunFeed(ctx context.Context, db *warehouse.DB, f Feed) (warehouse.FeedRun, error) {
	return feedRunner{db: db, feed: f.withDefaults(), load: LoadFile}.run(ctx)
}

type feedRunner struct {
	db   *warehouse.DB
	feed Feed
	load func(ctx context.Context, db *warehouse.DB, provider, path string, opt Options) (FileResult, error)
}

// feedState is what a run has done so far, over its attempts.
type feedState struct {
	run    warehouse.FeedRun
	folder string                            // the run's folder in the archive and the quarantine
	files  map[string]*warehouse.FeedRunFile // by path relative to the inbox
	order  []string                          // relative paths in the order first seen
}

func (r feedRunner) run(ctx context.Context) (warehouse.FeedRun, error) {
	f := r.feed
	st := feedState{run: warehouse.FeedRun{Feed: f.ID, Started: time.Now().UTC(), Resources: map[string]int64{}},
		files: map[string]*warehouse.FeedRunFile{}}
	id, err := r.db.StartFeedRun(ctx, f.ID, st.run.Started)
	if err != nil {
		return st.run, err
	}
	st.run.ID = id
	st.folder = fmt.Sprintf("%s-run-%06d", st.run.Started.Format("2006-01-02"), id)
	backoff := f.Backoff
	var runErr error
	for attempt := 1; ; attempt++ {
		st.run.Attempts = attempt
		runErr = r.pass(ctx, &st)
		if runErr == nil || ctx.Err() != nil || attempt > f.Retries {
			break
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		if ctx.Err() != nil {
			break
		}
		backoff = min(2*backoff, f.MaxBackoff)
	}
	for _, rel := range st.order {
		st.run.Files = append(st.run.Files, *st.files[rel])
	}
	for _, rf := range st.run.Files {
		switch rf.Status {
		case StatusLoaded:
			st.run.FilesLoaded++
		case StatusSkipped:
			st.run.FilesSkipped++
		case StatusRejected:
			st.run.FilesQuarantined++
		default:
			st.run.FilesFailed++
		}
	}
	switch {
	case ctx.Err() != nil:
		st.run.Status = RunCancelled
		if runErr == nil {
			runErr = ctx.Err()
		}
	case runErr != nil:
		st.run.Status = RunFailed
	case st.run.FilesQuarantined > 0:
		st.run.Status = RunQuarantined
	default:
		st.run.Status = RunSucceeded
	}
	if runErr != nil {
		runErr = fmt.Errorf("feed %s: %w", f.ID, runErr)
		st.run.Error = runErr.Error()
	}
	st.run.Finished = time.Now().UTC()
	if err := r.db.FinishFeedRun(context.WithoutCancel(ctx), st.run); err != nil {
		return st.run, errors.Join(runErr, err)
	}
	return st.run, runErr
}

// pass goes once through the inbox.
func (r feedRunner) pass(ctx context.Context, st *feedState) error {
	f := r.feed
	files, err := r.inboxFiles()
	if err != nil {
		return err
	}
	var failed []error
	err = loadFiles(ctx, files, f.Options.parallelFiles(),
		func(ctx context.Context, path string) (FileResult, error) {
			return r.load(ctx, r.db, f.ID, path, f.Options)
		},
		func(i int, res FileResult, err error) error {
			path := files[i]
			rel, relErr := filepath.Rel(f.Inbox, path)
			if relErr != nil {
				return relErr
			}
			rf := st.files[rel]
			if rf == nil {
				rf = &warehouse.FeedRunFile{Name: filepath.Base(path)}
				st.files[rel] = rf
				st.order = append(st.order, rel)
			}
			if err != nil {
				rf.Status = StatusFailed
				return err
			}
			if rf.Status != StatusLoaded && rf.Status != StatusRejected {
				// First outcome of the file in this run (a retry finds a loaded file skipped).
				rf.Status, rf.FileID = res.Status, res.FileID
				if res.Status == StatusLoaded || res.Status == StatusRejected {
					for typ, n := range res.Resources {
						st.run.Resources[typ] += n
					}
					st.run.Rejects += int64(len(res.Rejects))
				}
			}
			switch res.Status {
			case StatusLoaded, StatusSkipped:
				if err := moveFile(path, filepath.Join(f.Archive, st.folder, rel)); err != nil {
					return fmt.Errorf("archiving %s: %w", rf.Name, withoutPath(err))
				}
				rf.MovedTo = movedArchive
			case StatusRejected:
				dst := filepath.Join(f.Quarantine, st.folder, rel)
				if err := writeReport(dst+".report.json", f.ID, res); err != nil {
					return fmt.Errorf("writing quarantine report of %s: %w", rf.Name, withoutPath(err))
				}
				if err := moveFile(path, dst); err != nil {
					return fmt.Errorf("quarantining %s: %w", rf.Name, withoutPath(err))
				}
				rf.MovedTo = movedQuarantine
			default:
				failed = append(failed, res.Err)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d files could not be read, first: %w", len(failed), failed[0])
	}
	return nil
}

// inboxFiles lists the feed files under the inbox: FHIR file names, not hidden, not in the
// archive or quarantine, Patient files first.
func (r feedRunner) inboxFiles() ([]string, error) {
	f := r.feed
	skip := map[string]bool{filepath.Clean(f.Archive): true, filepath.Clean(f.Quarantine): true}
	var files []string
	err := filepath.WalkDir(f.Inbox, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == f.Inbox {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || (d.IsDir() && skip[filepath.Clean(path)]) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if _, _, ok := formatOf(d.Name()); ok {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing inbox: %w", withoutPath(err))
	}
	patientFilesFirst(files)
	return files, nil
}

// quarantineReport is the file written beside a quarantined file: why, and which records
// were rejected (line, type, reason code), never their content.
type quarantineReport struct {
	Feed        string           `json:"feed"`
	File        string           `json:"file"`
	ContentHash string           `json:"content_hash"`
	FileID      int64            `json:"ledger_file_id"`
	Reason      string           `json:"reason"`
	Rejects     []reportedRecord `json:"rejects"`
}

type reportedRecord struct {
	Line         int64  `json:"line"`
	ResourceType string `json:"resource_type,omitempty"`
	Code         string `json:"code"`
	Reason       string `json:"reason"`
}

func writeReport(path, feed string, res FileResult) error {
	rep := quarantineReport{Feed: feed, File: res.Name, ContentHash: res.Hash, FileID: res.FileID, Rejects: []reportedRecord{}}
	if res.Err != nil {
		rep.Reason = res.Err.Error()
	}
	for _, rj := range res.Rejects {
		rep.Rejects = append(rep.Rejects, reportedRecord{rj.Line, rj.ResourceType, rj.Code, rj.Reason})
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o640)
}

// moveFile moves src to dst (creating dst's folder), copying when they are on different
// file systems. An existing dst is an error, never overwritten.
func moveFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%w: %s", fs.ErrExist, filepath.Base(dst))
	}
	err := os.Rename(src, dst)
	if !errors.Is(err, syscall.EXDEV) {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := errors.Join(out.Sync(), out.Close()); err != nil {
		os.Remove(dst)
		return err
	}
	return os.Remove(src)
}
