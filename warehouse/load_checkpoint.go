package warehouse

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// checkpointThreshold is the size of the write-ahead log past which DuckDB writes the
// committed data into the database file (DuckDB's default is 16 MB). A file's load commits
// its rows to the log; each checkpoint then compresses them, and rewrites and merges the
// partly filled row groups earlier loads left at the end of every table. At the default,
// nearly every large file paid for a checkpoint and loading a million resources spent more
// CPU in checkpoints (28 s) than in anything else; at 1 GB it is a few seconds. Memory
// stays bounded by the memory limit: data waiting for a checkpoint can be spilled to the
// temporary folder. A crash replays at most this much log on the next open.
const checkpointThreshold = "1GB"

// Checkpoint writes everything committed so far into the database file and empties the
// write-ahead log, on every core whatever WithThreads set: compressing a load's rows is
// most of a checkpoint's work, and DuckDB spreads it over its threads (a loading process
// runs one, see WithThreads; its final checkpoint of a million resources took 8 s on one
// core, 4.7 s on two). The thread setting is restored afterwards. DuckDB also checkpoints
// by itself once the log passes checkpointThreshold, and Close checkpoints so.
func (db *DB) Checkpoint(ctx context.Context) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("checkpointing warehouse: %w", err)
	}
	defer conn.Close()
	var threads int
	if err := conn.QueryRowContext(ctx, `select current_setting('threads')`).Scan(&threads); err != nil {
		return fmt.Errorf("checkpointing warehouse: %w", err)
	}
	if cores := runtime.GOMAXPROCS(0); cores > threads {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`set threads = %d`, cores)); err != nil {
			return fmt.Errorf("checkpointing warehouse: %w", err)
		}
		defer func() {
			if _, resetErr := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`set threads = %d`, threads)); resetErr != nil {
				err = errors.Join(err, fmt.Errorf("restoring %d threads after the checkpoint: %w", threads, resetErr))
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, `checkpoint`); err != nil {
		return fmt.Errorf("checkpointing warehouse: %w", err)
	}
	return nil
}
