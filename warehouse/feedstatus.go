package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// FeedStatus is what an operator needs to know about one feed (provider) at a glance.
type FeedStatus struct {
	Feed         string
	LastRun      *FeedRun   // nil when the feed never ran; its Resources and Files are not read
	LastRunTotal int64      // resources the last run loaded
	LastFileAt   *time.Time // when the provider's last file was loaded; nil when none was
	OpenFindings int        // unresolved warnings and errors of the latest quality run
	OpenErrors   int
}

// FeedStatuses reports on the named feeds and on every provider with a feed run or a
// loaded file, sorted by feed.
func (db *DB) FeedStatuses(ctx context.Context, feeds []string) ([]FeedStatus, error) {
	byFeed := map[string]*FeedStatus{}
	get := func(feed string) *FeedStatus {
		if s, ok := byFeed[feed]; ok {
			return s
		}
		s := &FeedStatus{Feed: feed}
		byFeed[feed] = s
		return s
	}
	for _, f := range feeds {
		get(f)
	}
	err := db.Each(ctx, `select run_id, feed, started_at, finished_at, status, attempts, files_loaded, files_skipped,
			files_quarantined, files_failed, resources, rejects, coalesce(error, '')
		from meta.feed_run qualify row_number() over (partition by feed order by run_id desc) = 1`, nil,
		func(rows *sql.Rows) error {
			var r FeedRun
			var finished sql.NullTime
			var resources int64
			if err := rows.Scan(&r.ID, &r.Feed, &r.Started, &finished, &r.Status, &r.Attempts, &r.FilesLoaded,
				&r.FilesSkipped, &r.FilesQuarantined, &r.FilesFailed, &resources, &r.Rejects, &r.Error); err != nil {
				return err
			}
			r.Finished = finished.Time
			s := get(r.Feed)
			s.LastRun, s.LastRunTotal = &r, resources
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading feed runs: %w", err)
	}
	err = db.Each(ctx, `select provider, max(started_at) from meta.ingest_file where status = 'loaded' group by provider`, nil,
		func(rows *sql.Rows) error {
			var p string
			var at time.Time
			if err := rows.Scan(&p, &at); err != nil {
				return err
			}
			get(p).LastFileAt = &at
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading the ingest ledger: %w", err)
	}
	if err := db.openFindings(ctx, get); err != nil {
		return nil, err
	}
	out := make([]FeedStatus, 0, len(byFeed))
	for _, s := range byFeed {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Feed < out[j].Feed })
	return out, nil
}

// openFindings counts the unresolved warnings and errors of each provider's latest data
// quality run, when the warehouse has quality findings (meta.quality_finding) at all.
func (db *DB) openFindings(ctx context.Context, get func(string) *FeedStatus) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, `select count(*) from duckdb_tables()
		where schema_name = 'meta' and table_name in ('quality_finding', 'quality_run')`).Scan(&n); err != nil {
		return fmt.Errorf("looking for quality findings: %w", err)
	}
	if n < 2 {
		return nil
	}
	err := db.Each(ctx, `select f.provider, count(*), count(*) filter (where f.severity = 'error')
		from meta.quality_finding as f
		join (select provider, max(run_id) as run_id from meta.quality_run group by provider) as r
			on r.provider = f.provider and r.run_id = f.run_id
		where f.severity in ('warning', 'error') and f.resolved_at is null
		group by f.provider`, nil, func(rows *sql.Rows) error {
		var p string
		var open, errs int
		if err := rows.Scan(&p, &open, &errs); err != nil {
			return err
		}
		s := get(p)
		s.OpenFindings, s.OpenErrors = open, errs
		return nil
	})
	if err != nil {
		return fmt.Errorf("counting open quality findings: %w", err)
	}
	return nil
}
