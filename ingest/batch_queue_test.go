package ingest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestBatchQueue holds the queue to writing batches in order, running each one's after
// once written, stopping at the first write error (which put and wait return), and
// releasing every batch it was given either way.
func TestBatchQueue(t *testing.T) {
	tests := []struct {
		name    string
		batches int
		failAt  int // the write that fails (1-based); 0: none
	}{
		{"all written", 20, 0},
		{"first write fails", 20, 1},
		{"a later write fails", 20, 7},
		{"nothing to write", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			errWrite := errors.New("warehouse gone")
			var written []string
			q := newBatchQueue(func(table string, rec arrow.RecordBatch) error {
				if len(written)+1 == tc.failAt {
					return errWrite
				}
				written = append(written, table)
				return nil
			})
			afters := 0
			var putErr error
			for i := range tc.batches {
				rec := oneRowBatch(mem, int64(i))
				err := q.put(fmt.Sprint(i), rec, func() { afters++ })
				rec.Release()
				if err != nil {
					putErr = err
					break
				}
			}
			err := q.wait()
			if tc.failAt == 0 {
				if err != nil || putErr != nil {
					t.Fatalf("wait: %v, put: %v", err, putErr)
				}
				if len(written) != tc.batches || afters != tc.batches {
					t.Fatalf("written %d batches, %d afters, want %d", len(written), afters, tc.batches)
				}
				for i, table := range written {
					if table != fmt.Sprint(i) {
						t.Fatalf("batch %d written as %s: out of order", i, table)
					}
				}
				return
			}
			if !errors.Is(err, errWrite) {
				t.Fatalf("wait: %v, want the write error", err)
			}
			if putErr != nil && !errors.Is(putErr, errWrite) {
				t.Fatalf("put: %v, want the write error", putErr)
			}
			if len(written) != tc.failAt-1 || afters != tc.failAt-1 {
				t.Fatalf("written %d batches, %d afters, want %d", len(written), afters, tc.failAt-1)
			}
			if err := q.wait(); !errors.Is(err, errWrite) {
				t.Fatalf("second wait: %v", err)
			}
		})
	}
}

func oneRowBatch(mem memory.Allocator, v int64) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64}}, nil))
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(v)
	return b.NewRecordBatch()
}
