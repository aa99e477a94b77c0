package measures

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// gapHistoryQueries are the statements of keepGapHistory, in order (sql/queries/).
var gapHistoryQueries = []string{"gap_history_insert", "gap_episode_close", "gap_episode_open"}

// keepGapHistory runs inside the transaction that records a successful run: it appends the
// run's open gaps to gaps.gap_history, closes the episodes of gaps the build no longer finds
// (new data met them, or the person left the gap's source), opens episodes for new gaps, and
// then checks that no gap is both open and closed (sql/checks/after_history). Workflow state
// (gaps.workflow) is keyed by gap and untouched here, so a recompute never loses it.
func keepGapHistory(ctx context.Context, tx *sql.Tx, runID int64) error {
	var at time.Time
	if err := tx.QueryRowContext(ctx, `select started_at from meta.compute_run where run_id = ?`, runID).Scan(&at); err != nil {
		return fmt.Errorf("reading start of run %d: %w", runID, err)
	}
	args := map[string][]any{
		"gap_history_insert": {runID},
		"gap_episode_close":  {runID, at, runID},
		"gap_episode_open":   {runID, at},
	}
	for _, name := range gapHistoryQueries {
		q, err := queryText(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, args[name]...); err != nil {
			return fmt.Errorf("keeping gap history of run %d (%s): %w", runID, name, err)
		}
	}
	checks, err := loadChecksIn("after_history")
	if err != nil {
		return err
	}
	for _, c := range checks {
		var n int64
		if err := tx.QueryRowContext(ctx, `select count(*) from (`+c.SQL+`)`).Scan(&n); err != nil {
			return fmt.Errorf("running check %s: %w", c.Name, err)
		}
		if n > 0 {
			return fmt.Errorf("check %s found %d offending rows (sql/checks/%s.sql)", c.Name, n, c.Name)
		}
	}
	return nil
}
