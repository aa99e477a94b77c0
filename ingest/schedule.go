package ingest

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"sync"
)

// DefaultParallelFiles is how many files a load works on at once when Options.ParallelFiles
// does not say. Each file is its own transaction, on its own connection: DuckDB runs a
// loading process's statements on the goroutine that issues them (see
// warehouse.WithThreads), so a second file in flight is what keeps a second core busy
// while the first one's check, commit or parse waits (ingest of a million resources: 1.35
// cores used with one file at a time).
const DefaultParallelFiles = 2

// fileLane says which files may load at the same time. A typed NDJSON file (Observation.ndjson,
// Observation-2.ndjson.gz) holds only resources of its type (others are rejected), so files of
// different types never touch the same resource and may load together; two files of one type
// may hold versions of the same resource, and the newer must win whatever the timing, so
// they load one after the other. Patient files, Bundles and NDJSON files whose name gives no
// type load alone: a Patient must be committed before the records that refer to it are
// checked (Options.Strict), and the others may hold any type.
func fileLane(path string) (lane string, alone bool) {
	name := filepath.Base(path)
	format, _, _ := formatOf(name)
	typ := typeFromName(name)
	if format != "ndjson" || typ == "" || typ == "Patient" {
		return "", true
	}
	return typ, false
}

// loadFiles loads files, up to parallel at once (at least 1), and calls done for each file
// once its load has ended, one call at a time, in the order the loads end. A file waits
// while an earlier one (in the order given) that it may not load beside is waiting or
// loading: one that loads alone (fileLane) waits for every earlier file and holds back every
// later one; two of one lane load in the order given, so the newer version of a resource
// wins as when loading one by one; and so do two files of the same size, which covers one
// delivery sent twice under two names (the second then finds the first committed and is
// skipped; equal bytes have equal sizes). Among the files that may start, the largest starts
// first: a big file started last would load alone at the end.
//
// An error from load (a failing warehouse, a cancelled context) or from done stops the
// start of further files; the loads in flight end (each commits or rolls back) and the first
// error is returned.
func loadFiles(ctx context.Context, files []string, parallel int,
	load func(ctx context.Context, path string) (FileResult, error),
	done func(i int, res FileResult, err error) error,
) error {
	parallel = max(parallel, 1)
	type pending struct {
		lane  string
		alone bool
		size  int64 // -1 when it cannot be told: then it loads alone
		state int   // 0 waiting, 1 loading, 2 ended
	}
	ps := make([]pending, len(files))
	for i, f := range files {
		ps[i].lane, ps[i].alone = fileLane(f)
		ps[i].size = -1
		if st, err := os.Stat(f); err == nil {
			ps[i].size = st.Size()
		} else {
			ps[i].alone = true // its load reports the error
		}
	}
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		running  int // files loading now
		started  int // files started
		firstErr error
		wg       sync.WaitGroup
	)
	// startable tells whether file i may start now (mu held).
	startable := func(i int) bool {
		if ps[i].alone && running > 0 {
			return false
		}
		for j := range i {
			p := ps[j]
			if p.state == 2 {
				continue
			}
			if p.alone || ps[i].alone || p.lane == ps[i].lane || p.size == ps[i].size {
				return false
			}
		}
		return true
	}
	mu.Lock()
	for firstErr == nil && started < len(ps) {
		next := -1
		if running < parallel {
			for i := range ps {
				if ps[i].state != 0 {
					continue
				}
				if startable(i) && (next < 0 || ps[i].size > ps[next].size) {
					next = i
				}
				if ps[i].alone {
					break // nothing after it starts before it
				}
			}
		}
		if next < 0 {
			cond.Wait()
			continue
		}
		if err := ctx.Err(); err != nil {
			firstErr = err // a cancelled load starts nothing more
			break
		}
		ps[next].state = 1
		running++
		started++
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res, err := load(ctx, files[i])
			mu.Lock()
			defer mu.Unlock()
			derr := done(i, res, err)
			if firstErr == nil {
				firstErr = cmp.Or(err, derr)
			}
			ps[i].state = 2
			running--
			cond.Broadcast()
		}(next)
	}
	mu.Unlock()
	wg.Wait()
	return firstErr
}
