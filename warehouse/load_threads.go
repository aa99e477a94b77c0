package warehouse

import (
	"net/url"
	"strconv"
)

// WithThreads sets DuckDB's worker threads (0 keeps DuckDB's default, one per core). A
// process that mostly loads files wants 1: ingest inserts one record batch per statement,
// and with more threads the connection waiting on a statement spins on DuckDB's task queue
// while a worker thread runs it (15-20% of the ingest's CPU time), on cores the parse
// workers need. Every query of a warehouse opened so runs on one core.
func WithThreads(n int) Option {
	return func(q url.Values) {
		if n > 0 {
			q.Set("threads", strconv.Itoa(n))
		}
	}
}
