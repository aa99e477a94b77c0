package warehouse_test

import (
	"testing"

	"populace/warehouse"
)

func TestWithThreads(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []warehouse.Option
		want func(int) bool
	}{
		{"one", []warehouse.Option{warehouse.WithThreads(1)}, func(n int) bool { return n == 1 }},
		{"default", []warehouse.Option{warehouse.WithThreads(0)}, func(n int) bool { return n >= 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := warehouse.Open(t.Context(), "", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var n int
			if err := db.SQL().QueryRowContext(t.Context(), `select current_setting('threads')`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if !tc.want(n) {
				t.Errorf("threads = %d", n)
			}
		})
	}
}
