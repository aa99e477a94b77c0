package warehouse

import (
	"context"
	"fmt"
)

// ReadJSONBaseline loads NDJSON files with DuckDB's own read_json into a scratch table and
// returns the rows loaded. Benchmarks time it beside Populace's ingest of the same files.
func (db *DB) ReadJSONBaseline(ctx context.Context, files []string) (int64, error) {
	var total int64
	for i, f := range files {
		table := fmt.Sprintf("main.baseline_read_json_%d", i)
		if _, err := db.sql.ExecContext(ctx, `create or replace table `+table+` as
			select * from read_json(?, format = 'newline_delimited', union_by_name = true)`, f); err != nil {
			return total, fmt.Errorf("baseline read_json of %s: %w", f, err)
		}
		var n int64
		if err := db.sql.QueryRowContext(ctx, `select count(*) from `+table).Scan(&n); err != nil {
			return total, err
		}
		total += n
		if _, err := db.sql.ExecContext(ctx, `drop table `+table); err != nil {
			return total, err
		}
	}
	return total, nil
}

// ScanBaseline copies every core table a measure build reads once, the floor under any
// compute: benchmarks report a compute's time as a multiple of it.
func (db *DB) ScanBaseline(ctx context.Context) error {
	for _, t := range []string{"core.patient", "core.encounter", "core.condition", "core.observation",
		"core.observation_component", "core.procedure", "core.coding", "core.medication_request"} {
		if _, err := db.sql.ExecContext(ctx, `create or replace table main.baseline_scan as select * from `+t); err != nil {
			return fmt.Errorf("baseline scan of %s: %w", t, err)
		}
	}
	_, err := db.sql.ExecContext(ctx, `drop table if exists main.baseline_scan`)
	return err
}
