package measures

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"time"

	"populace/warehouse"
)

// GapFilter narrows the care gaps written.
type GapFilter struct {
	// Provider keeps the gaps of persons attributed to this provider organization (or, for a
	// person attributed to none, reported under it). "" = all.
	Provider string
	// Status is a workflow status (GapStatuses), "snoozed", or "closed" for the gaps new data
	// met or that left their source. "" = every gap the latest compute found.
	Status string
	// Today decides which snoozes are over; zero = now.
	Today time.Time
}

// GapListStatuses are the values GapFilter.Status accepts besides "".
func GapListStatuses() []string {
	out := make([]string, 0, len(GapStatuses)+2)
	for _, s := range GapStatuses {
		out = append(out, string(s))
	}
	return append(out, "snoozed", "closed")
}

// WriteGapsCSV writes the care gaps of the latest successful compute, with their workflow
// state, as CSV with a header row (the columns of sql/queries/gap_list.sql).
func WriteGapsCSV(ctx context.Context, db *warehouse.DB, w io.Writer, f GapFilter) error {
	if err := requireBuilt(ctx, db); err != nil {
		return err
	}
	today := f.Today
	if today.IsZero() {
		today = time.Now().UTC()
	}
	name, args := "gap_list", []any{today.Format(time.DateOnly), f.Provider, f.Provider, f.Status, f.Status}
	if f.Status == "closed" {
		name, args = "gap_closed_list", []any{f.Provider, f.Provider}
	}
	if err := writeQueryCSV(ctx, db, w, name, args); err != nil {
		return fmt.Errorf("writing care gaps: %w", err)
	}
	return nil
}

// requireBuilt fails unless the latest compute run succeeded: the gap and registry tables are
// rebuilt by every run and hold a failed run's partial build.
func requireBuilt(ctx context.Context, db *warehouse.DB) error {
	q, err := queryText("latest_run_status")
	if err != nil {
		return err
	}
	var run int64
	var status string
	err = db.SQL().QueryRowContext(ctx, q).Scan(&run, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoRun
	}
	if err != nil {
		return fmt.Errorf("reading latest compute run: %w", err)
	}
	if status != "succeeded" {
		return fmt.Errorf("the latest compute (run %d) is %s; run 'populace compute' again", run, status)
	}
	return nil
}

// writeQueryCSV runs the query sql/queries/<name>.sql, whose columns are all text, and writes
// its column names and rows as CSV (null as empty).
func writeQueryCSV(ctx context.Context, db *warehouse.DB, w io.Writer, name string, args []any) error {
	q, err := queryText(name)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	var (
		header bool
		vals   []sql.NullString
		ptrs   []any
		rec    []string
	)
	err = db.Each(ctx, q, args, func(rows *sql.Rows) error {
		if !header {
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			if err := cw.Write(cols); err != nil {
				return err
			}
			header = true
			vals = make([]sql.NullString, len(cols))
			ptrs = make([]any, len(cols))
			rec = make([]string, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = v.String
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	if !header {
		// No rows: the header still comes from the query, by describing it.
		cols, err := queryColumns(ctx, db, q, args)
		if err != nil {
			return err
		}
		if err := cw.Write(cols); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// queryColumns returns the column names of a query without reading rows.
func queryColumns(ctx context.Context, db *warehouse.DB, q string, args []any) ([]string, error) {
	rows, err := db.SQL().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}
