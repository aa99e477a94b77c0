package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"populace/warehouse"
)

// DefaultBatchRows is the number of rows per Arrow record batch when Options leaves it 0.
const DefaultBatchRows = 8192

// Options tune a load.
type Options struct {
	LinkageSystem string // Patient.identifier.system whose value is the pseudonymous linkage token ("" = none kept)
	// LinkageSecret, when set, keys the HMAC-SHA256 linkage token computed from a Patient's
	// normalised name, birth date and sex when it carries no LinkageSystem token (linkage.go).
	LinkageSecret []byte
	// DatePolicy is DatesLimited ("" too: dates kept, a limited data set) or DatesBirthYear
	// (birth dates reduced to the year). Either way people aged 90+ at the load are grouped.
	DatePolicy string
	// Now is the load's reference time for ages (90+ grouping); zero means the time of the load.
	Now       time.Time
	BatchRows int // rows per Arrow batch, default DefaultBatchRows
	// MaxRejectShare quarantines a file whole (ledger status rejected) when its rejected
	// records are more than this share of its records; 0 means no limit.
	MaxRejectShare float64
	// Strict rejects records lacking an element FHIR requires (missing_required, see
	// requiredElements) and records whose patient is neither in the file nor loaded before
	// for the provider (unknown_patient; LoadPath and feeds load Patient files first).
	Strict bool
	// Progress, when set, is called after each batch written and when a file ends; with
	// more than one file in flight, from more than one goroutine.
	Progress func(Progress)
	// ParallelFiles is how many files LoadPath and feeds load at once, each in its own
	// transaction (0: DefaultParallelFiles; 1 loads them one after another). Which files
	// may load together is in loadFiles.
	ParallelFiles int
}

func (o Options) parallelFiles() int {
	if o.ParallelFiles > 0 {
		return o.ParallelFiles
	}
	return DefaultParallelFiles
}

// Validate reports options that cannot work.
func (o Options) Validate() error {
	switch o.DatePolicy {
	case "", DatesLimited, DatesBirthYear:
		return nil
	}
	return fmt.Errorf("date policy %q: want %s or %s", o.DatePolicy, DatesLimited, DatesBirthYear)
}

// File statuses.
const (
	StatusLoaded   = "loaded"
	StatusSkipped  = "skipped" // the provider's file with the same content was loaded before
	StatusRejected = "rejected"
	StatusFailed   = "failed" // the file could not be read; not recorded, left where it was
)

// FileResult is what happened to one file.
type FileResult struct {
	Name      string // base name
	Format    string // ndjson | bundle
	Status    string // loaded | skipped | rejected
	Resources map[string]int64
	Rejects   []warehouse.Reject
	Err       error // whole-file error; names the file (and the line or entry when known)
	FileID    int64 // ledger id (of the earlier load when skipped); 0 when not recorded
	Hash      string
	// Superseded counts resources the file held more than once (older versions not kept),
	// Stale those not kept because the warehouse holds a newer version.
	Superseded, Stale int64
}

// abortError is a failure of the load itself (the warehouse, a cancelled context), as
// opposed to a problem with the file's content.
type abortError struct{ err error }

func (e abortError) Error() string { return e.err.Error() }
func (e abortError) Unwrap() error { return e.err }

// LoadPath loads files and folders (recursively) for one provider, Options.ParallelFiles
// files at once, and returns their results in lexical order. Patient files load first and
// alone, so records can be checked against their patient; which other files load together,
// and in which order, is in loadFiles. Files named *.ndjson, *.ndjson.gz, *.json and
// *.json.gz are loaded, others (and hidden files and folders, whose names start with a dot)
// are ignored. A file whose
// content is bad is reported in its FileResult and the next file follows; the error is only
// for a path that cannot be listed or a failing warehouse, and then the results so far are
// returned with it.
func LoadPath(ctx context.Context, db *warehouse.DB, provider string, paths []string, opt Options) ([]FileResult, error) {
	var results []FileResult
	for _, p := range paths {
		var files []string
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				// hidden files and folders (editor and OS droppings, partial uploads)
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				if _, _, ok := formatOf(d.Name()); ok {
					files = append(files, path)
				}
			}
			return nil
		})
		if err != nil {
			return results, fmt.Errorf("listing %s: %w", p, err)
		}
		patientFilesFirst(files)
		out := make([]*FileResult, len(files))
		err = loadFiles(ctx, files, opt.parallelFiles(),
			func(ctx context.Context, path string) (FileResult, error) {
				return LoadFile(ctx, db, provider, path, opt)
			},
			func(i int, res FileResult, _ error) error {
				out[i] = &res
				return nil
			})
		for _, r := range out {
			if r != nil {
				results = append(results, *r)
			}
		}
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// formatOf tells the format of a file from its name.
func formatOf(name string) (format string, gz, ok bool) {
	lower := strings.ToLower(name)
	lower, gz = strings.CutSuffix(lower, ".gz")
	switch {
	case strings.HasSuffix(lower, ".ndjson"):
		return "ndjson", gz, true
	case strings.HasSuffix(lower, ".json"):
		return "bundle", gz, true
	}
	return "", false, false
}

// hashFile is the hex sha256 of the file's bytes as delivered.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// withoutPath drops the path from file-system errors: folder names may hold identifiers.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
