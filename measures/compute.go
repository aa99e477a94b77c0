package measures

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"populace/warehouse"
)

// ComputeOptions says which measurement period to compute.
type ComputeOptions struct {
	Start, End  time.Time // the measurement period, inclusive days
	TrendMonths int       // rolling 12-month periods ending at each of the last N month ends; 0 = 24, -1 = none
	// SlicePersons bounds how many persons are computed together; a larger network is
	// computed in slices of at most this many (0 = 100,000), which bounds the build's memory.
	SlicePersons int
	Logger       *slog.Logger
}

// Period is one measurement period evaluated by a build.
type Period struct {
	Key        string // "primary" or "m2025-06" (12 months ending 2025-06-30)
	Start, End time.Time
	IsPrimary  bool
	SameAs     string // the key of an identical period computed instead (a calendar-year primary is its December's trend period)
}

// Periods lists the periods a compute evaluates: the requested one, and the rolling
// 12-month periods behind the trend charts.
func (o ComputeOptions) Periods() []Period {
	out := []Period{{Key: "primary", Start: o.Start, End: o.End, IsPrimary: true}}
	n := o.TrendMonths
	if n == 0 {
		n = 24
	}
	// The last month end on or before End.
	firstOfNext := time.Date(o.End.Year(), o.End.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	monthEnd := firstOfNext.AddDate(0, 0, -1)
	if !monthEnd.Equal(o.End) {
		monthEnd = time.Date(o.End.Year(), o.End.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	}
	for i := 0; i < n; i++ {
		first := time.Date(monthEnd.Year(), monthEnd.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -i, 0)
		end := first.AddDate(0, 1, -1)
		start := first.AddDate(0, -11, 0)
		p := Period{Key: "m" + end.Format("2006-01"), Start: start, End: end}
		if start.Equal(o.Start) && end.Equal(o.End) {
			p.SameAs = out[0].Key
		}
		out = append(out, p)
	}
	return out
}

// Validate reports a usage error in the options.
func (o ComputeOptions) Validate() error {
	if o.Start.IsZero() || o.End.IsZero() {
		return errors.New("a measurement period needs a start and an end")
	}
	if o.End.Before(o.Start) {
		return fmt.Errorf("measurement period ends (%s) before it starts (%s)", o.End.Format(time.DateOnly), o.Start.Format(time.DateOnly))
	}
	return nil
}

// Compute builds every model for the requested period (and the trend periods), runs the
// invariant checks, and records the run with its results. It returns the run id.
//
// Models are built one statement each: inside one transaction DuckDB plans over
// transaction-local tables without statistics and the build ran ten times slower. The run's
// results, summary and status are then committed together, so history (what reports and
// trends read) holds whole runs only; a failed build leaves it as it was and marks the run
// failed. The published model tables hold the latest build, finished or not; intermediate
// models live only while their build runs (buildModels).
func Compute(ctx context.Context, db *warehouse.DB, opt ComputeOptions) (int64, error) {
	if err := opt.Validate(); err != nil {
		return 0, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	models, err := loadModels()
	if err != nil {
		return 0, err
	}
	checks, err := loadChecks()
	if err != nil {
		return 0, err
	}
	var runID int64
	if err := db.SQL().QueryRowContext(ctx, `select nextval('meta.compute_run_seq')`).Scan(&runID); err != nil {
		return 0, fmt.Errorf("numbering compute run: %w", err)
	}
	started := time.Now().UTC()
	if _, err := db.SQL().ExecContext(ctx, `insert into meta.compute_run (run_id, period_start, period_end, status, started_at)
		values (?, ?, ?, 'running', ?)`, runID, opt.Start, opt.End, started); err != nil {
		return 0, fmt.Errorf("recording compute run: %w", err)
	}
	log.Info("compute started", "run", runID, "period_start", opt.Start.Format(time.DateOnly), "period_end", opt.End.Format(time.DateOnly))

	buildErr := build(ctx, db, runID, opt.Periods(), opt.SlicePersons, models, checks, log)
	if buildErr != nil {
		_, recErr := db.SQL().ExecContext(context.WithoutCancel(ctx),
			`update meta.compute_run set status = 'failed', finished_at = ?, error = ? where run_id = ?`,
			time.Now().UTC(), buildErr.Error(), runID)
		return runID, errors.Join(fmt.Errorf("computing run %d: %w", runID, buildErr), recErr)
	}
	log.Info("compute finished", "run", runID, "duration_ms", time.Since(started).Milliseconds())
	return runID, nil
}

func build(ctx context.Context, db *warehouse.DB, runID int64, periods []Period, slicePersons int, models []model, checks []check, log *slog.Logger) error {
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `delete from meta.parameters`); err != nil {
			return fmt.Errorf("clearing parameters: %w", err)
		}
		for _, p := range periods {
			var sameAs *string
			if p.SameAs != "" {
				sameAs = &p.SameAs
			}
			if _, err := tx.ExecContext(ctx, `insert into meta.parameters (run_id, period_key, period_start, period_end, is_primary, same_as)
				values (?, ?, ?, ?, ?, ?)`, runID, p.Key, p.Start, p.End, p.IsPrimary, sameAs); err != nil {
				return fmt.Errorf("writing parameters: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	after := readAfterBuild(checks)
	return onBuildConn(ctx, db, runID, func(conn *sql.Conn, cat catalogs) error {
		tables, err := findSlicedTables(ctx, conn, cat.home)
		if err != nil {
			return err
		}
		plan, err := planBuild(models, checks, tables.all())
		if err != nil {
			return err
		}
		b := builder{conn: conn, cat: cat, runID: runID, log: log}
		if err := b.buildBefore(ctx, plan, after); err != nil {
			return err
		}
		var persons int64
		if err := conn.QueryRowContext(ctx, `select count(*) from `+cat.in(cat.home, "core.person")).Scan(&persons); err != nil {
			return fmt.Errorf("counting persons: %w", err)
		}
		n := sliceCount(persons, slicePersons)
		log.Debug("build planned", "run", runID, "persons", persons, "slices", n,
			"models_before", len(plan.before), "models_per_slice", len(plan.slice), "models_after", len(plan.after))
		if err := b.buildSlices(ctx, plan, tables, n); err != nil {
			return err
		}
		if err := b.buildAfter(ctx, plan, after); err != nil {
			return err
		}
		if err := b.runChecks(ctx, plan.afterChecks); err != nil {
			return err
		}
		t := time.Now()
		if err := keepRun(ctx, conn, cat, runID); err != nil {
			return err
		}
		log.Debug("run kept", "run", runID, "duration_ms", time.Since(t).Milliseconds())
		return nil
	})
}

// readAfterBuild lists the SQL that reads models after they are all built: the checks, the
// history inserts and the gap history (with its own checks). A model they name is kept until
// the build ends.
func readAfterBuild(checks []check) []string {
	var out []string
	for _, c := range checks {
		out = append(out, c.SQL)
	}
	for _, h := range history {
		if h.perSlice {
			out = append(out, h.query)
		}
	}
	return append(out, readWhenKept()...)
}

// readWhenKept lists the SQL that keepRun runs once every slice is done: the history but for
// its per-slice part, and the gap history with its checks.
func readWhenKept() []string {
	var out []string
	for _, h := range history {
		if !h.perSlice {
			out = append(out, h.query)
		}
	}
	// A text that cannot be read is left out here; it fails the run where it is executed.
	for _, name := range gapHistoryQueries {
		if q, err := queryText(name); err == nil {
			out = append(out, q)
		}
	}
	if after, err := loadChecksIn("after_history"); err == nil {
		for _, c := range after {
			out = append(out, c.SQL)
		}
	}
	return out
}

// keepRun appends the run's results to the history tables and marks it succeeded, in one
// transaction on the build connection (the history reads intermediate models too).
func keepRun(ctx context.Context, conn *sql.Conn, cat catalogs, runID int64) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning the history of run %d: %w", runID, err)
	}
	err = func() error {
		for i, h := range history {
			q, args := `insert into `+h.table+` `+h.query, []any{runID}
			if h.perSlice {
				q, args = `insert into `+h.table+` select * from `+cat.historyStage(i), nil
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("keeping %s of run %d: %w", h.what, runID, err)
			}
		}
		// Care gaps (issue 4): keep this run's open gaps and open or close gap episodes, in
		// the same transaction (see gap_history.go).
		if err := keepGapHistory(ctx, tx, runID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `update meta.compute_run set status = 'succeeded', finished_at = ? where run_id = ?`,
			time.Now().UTC(), runID)
		return err
	}()
	if err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing the history of run %d: %w", runID, err)
	}
	return nil
}
