package ingest

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// queueDepth is how many record batches may wait for the warehouse: enough to keep the
// parser going while DuckDB inserts one, few enough that memory stays bounded (a batch is
// at most BatchRows rows of one table).
const queueDepth = 4

// batchQueue writes record batches on a goroutine of its own, in the order they come, so a
// file's parsing goes on while DuckDB inserts the batch before: parsing and inserting then
// share the cores instead of taking turns. The first write error ends the writing (later
// batches are only released) and is returned by put and wait.
type batchQueue struct {
	write  batchWriter
	jobs   chan queuedBatch
	failed chan struct{} // closed when a write has failed
	done   chan struct{} // closed when the writer goroutine has ended
	err    error         // the write error; read only after failed or done is closed
	closed bool
}

type queuedBatch struct {
	table string
	rec   arrow.RecordBatch
	after func() // called after a successful write (progress)
}

func newBatchQueue(write batchWriter) *batchQueue {
	q := &batchQueue{write: write, jobs: make(chan queuedBatch, queueDepth),
		failed: make(chan struct{}), done: make(chan struct{})}
	go q.run()
	return q
}

func (q *batchQueue) run() {
	defer close(q.done)
	for b := range q.jobs {
		if q.err == nil {
			if err := q.write(b.table, b.rec); err != nil {
				q.err = err
				close(q.failed)
			} else if b.after != nil {
				b.after()
			}
		}
		b.rec.Release()
	}
}

// put queues rec (retaining it) for table; after, when set, runs once it is written.
func (q *batchQueue) put(table string, rec arrow.RecordBatch, after func()) error {
	select {
	case <-q.failed:
		return q.err
	default:
	}
	rec.Retain()
	select {
	case q.jobs <- queuedBatch{table: table, rec: rec, after: after}:
		return nil
	case <-q.failed:
		rec.Release()
		return q.err
	}
}

// wait lets the queued batches be written and returns the first write error. It is safe to
// call more than once; no put may follow it.
func (q *batchQueue) wait() error {
	if !q.closed {
		q.closed = true
		close(q.jobs)
	}
	<-q.done
	return q.err
}
