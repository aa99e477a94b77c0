package ingest

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"

	"populace/warehouse"
)

// Progress is how far the load of one file has come.
type Progress struct {
	Provider  string
	File      string // base name
	Bytes     int64  // bytes read of the file as delivered (compressed for .gz)
	Size      int64  // size of the file as delivered
	Resources int64  // resources accepted so far
	Batches   int64  // record batches written so far
	Done      bool   // the file's load has ended (Bytes = Size when it was read through)
}

// LoadFile loads one file in one warehouse transaction. Problems with the file itself are
// reported in FileResult (Status rejected, Err; failed when it cannot be read at all); the
// error is for a failing warehouse or a cancelled context, after which nothing of the file
// is kept.
//
// Before committing, the warehouse checks the rows the file wrote (warehouse.FileLoad.Check):
// a resource the file holds more than once keeps only its newest version, and with
// Options.Strict a record whose patient is absent is rejected (unknown_patient).
// Only the parser can tell which rows a line produced, so when the check finds anything the
// load is rolled back and the file read again without those lines: a second pass happens
// only for such files.
func LoadFile(ctx context.Context, db *warehouse.DB, provider, path string, opt Options) (FileResult, error) {
	name := filepath.Base(path)
	format, gz, ok := formatOf(name)
	res := FileResult{Name: name, Format: format, Status: StatusRejected}
	if !ok {
		res.Err = fmt.Errorf("loading %s: not a FHIR file name (*.ndjson, *.json, optionally .gz)", name)
		return res, nil
	}
	hash, err := hashFile(path)
	if err != nil {
		res.Status = StatusFailed
		res.Err = fmt.Errorf("reading %s: %w", name, withoutPath(err))
		return res, nil
	}
	res.Hash = hash
	l := fileLoad{db: db, provider: provider, path: path, name: name, format: format, gz: gz, hash: hash, opt: opt}
	var skip map[int64]string
	for {
		again, err := l.pass(ctx, skip, &res)
		if err != nil || again == nil {
			if opt.Progress != nil {
				opt.Progress(Progress{Provider: provider, File: name, Bytes: l.read, Size: l.read, Resources: total(res.Resources), Done: true})
			}
			return res, err
		}
		if skip != nil {
			return res, fmt.Errorf("loading %s: the second pass found lines to skip again", name)
		}
		skip = again
	}
}

// fileLoad is one file being loaded.
type fileLoad struct {
	db                           *warehouse.DB
	provider, path, name, format string
	hash                         string
	gz                           bool
	opt                          Options
	read                         int64
}

// pass loads the file once, skipping the lines in skip. It returns the lines a second pass
// must skip when the pre-commit check found any (and it had nothing to skip yet).
func (l *fileLoad) pass(ctx context.Context, skip map[int64]string, res *FileResult) (map[int64]string, error) {
	fl, err := l.db.BeginFile(ctx, warehouse.FileMeta{Provider: l.provider, Name: l.name, Hash: l.hash, Format: l.format})
	if errors.Is(err, warehouse.ErrAlreadyLoaded) {
		res.Status = StatusSkipped
		res.FileID, err = l.db.FileLedgerID(ctx, l.provider, l.hash)
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", l.name, err)
	}
	defer fl.Rollback()

	src, err := os.Open(l.path)
	if err != nil {
		res.Status = StatusFailed
		res.Err = fmt.Errorf("reading %s: %w", l.name, withoutPath(err))
		return nil, nil
	}
	defer src.Close()
	var size int64
	if st, err := src.Stat(); err == nil {
		size = st.Size()
	}
	cr := &countingReader{r: src}
	// Batches are written by a queue's goroutine while the file is parsed; it is drained
	// (deferred after fl.Rollback, so it runs first) before the transaction ends.
	q := newBatchQueue(func(table string, rec arrow.RecordBatch) error {
		return fl.Write(ctx, table, rec)
	})
	defer q.wait()
	var c *converter
	var batches int64
	c = newConverter(ctx, l.opt, func(table string, rec arrow.RecordBatch) error {
		var after func()
		if l.opt.Progress != nil {
			batches++
			p := Progress{Provider: l.provider, File: l.name, Bytes: cr.n, Size: size, Resources: total(c.counts), Batches: batches}
			after = func() { l.opt.Progress(p) }
		}
		return q.put(table, rec, after)
	})
	c.skip = skip
	defer c.release()
	err = parseReader(cr, l.name, l.format, l.gz, c)
	if err == nil {
		err = c.flush()
	}
	if werr := q.wait(); werr != nil && err == nil {
		err = abortError{werr}
	}
	l.read = cr.n
	var abort abortError
	if errors.As(err, &abort) {
		return nil, fmt.Errorf("loading %s: %w", l.name, abort.err)
	}
	if err == nil && skip == nil {
		chk, err := fl.Check(ctx, l.opt.Strict)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", l.name, err)
		}
		if !chk.Empty() {
			again := make(map[int64]string, len(chk.Superseded)+len(chk.UnknownPatient))
			for _, line := range chk.Superseded {
				again[line] = ""
			}
			for _, r := range chk.UnknownPatient {
				again[r.Line] = "unknown_patient"
			}
			return again, nil
		}
	}
	if err == nil {
		err = rejectShare(l.opt.MaxRejectShare, total(c.counts)+c.superseded, int64(len(c.rejects)))
	}
	for _, r := range c.rejects {
		fl.Reject(r)
	}
	res.Rejects = c.rejects
	res.FileID = fl.FileID()
	if err != nil {
		res.Err = fmt.Errorf("loading %s: %w", l.name, err)
		if cerr := fl.CommitRejected(ctx, err.Error()); cerr != nil {
			return nil, fmt.Errorf("recording rejected %s: %w", l.name, cerr)
		}
		return nil, nil
	}
	if err := fl.Commit(ctx, c.counts); err != nil {
		return nil, fmt.Errorf("loading %s: %w", l.name, err)
	}
	res.Status = StatusLoaded
	res.Resources = c.counts
	res.Superseded = c.superseded
	res.Stale = fl.Stale()
	return nil, nil
}

// rejectShare is the error of a file whose rejected records exceed the share max (0: none).
func rejectShare(max float64, accepted, rejected int64) error {
	all := accepted + rejected
	if max <= 0 || all == 0 || float64(rejected)/float64(all) <= max {
		return nil
	}
	return fmt.Errorf("%d of %d records rejected (%.1f%%), more than the limit of %.1f%%: file quarantined",
		rejected, all, 100*float64(rejected)/float64(all), 100*max)
}

// parseReader decompresses (.gz) and runs the parser of the file's format.
func parseReader(r io.Reader, name, format string, gz bool, c *converter) error {
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("reading gzip header: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	if format == "ndjson" {
		return parseNDJSON(r, typeFromName(name), c)
	}
	return parseBundle(r, c)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (cr *countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	cr.n += int64(n)
	return n, err
}

// patientFilesFirst orders files so that Patient files (by their declared type) load before
// the others, each group in lexical order, so records can be checked against their patient.
func patientFilesFirst(files []string) {
	sort.SliceStable(files, func(i, j int) bool {
		pi := typeFromName(filepath.Base(files[i])) == "Patient"
		pj := typeFromName(filepath.Base(files[j])) == "Patient"
		return pi && !pj
	})
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
