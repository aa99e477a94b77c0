package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	sqltext "populace/sql"
)

// Quality finding severities.
const (
	SeverityInfo    = "info"
	SeverityWarning = "warning"
	SeverityError   = "error"
)

// QualityFinding is one check's result in a quality run.
type QualityFinding struct {
	Check     string
	Category  string // completeness | conformance | plausibility | freshness
	Severity  string // info | warning | error
	Measured  sql.NullFloat64
	Threshold sql.NullFloat64
	Message   string // counts and shares only
}

// QualityRun is one pass of the checks in sql/quality over one provider's data.
type QualityRun struct {
	RunID    int64
	Provider string
	AsOf     time.Time
	Findings []QualityFinding
	Errors   int // error-level findings: while one stays open the provider is unpublished
	Warnings int
}

type qualityCheck struct{ name, text string }

// qualityChecks reads the embedded check files in name order.
func qualityChecks() ([]qualityCheck, error) {
	entries, err := fs.ReadDir(sqltext.FS, "quality")
	if err != nil {
		return nil, fmt.Errorf("reading embedded quality checks: %w", err)
	}
	var out []qualityCheck
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		text, err := fs.ReadFile(sqltext.FS, path.Join("quality", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading quality check %s: %w", e.Name(), err)
		}
		out = append(out, qualityCheck{strings.TrimSuffix(e.Name(), ".sql"), string(text)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// RunQuality evaluates every check of sql/quality over the provider's stored data, as of
// asOf (the "now" of future-date and freshness checks), and records the run and its
// findings in meta.quality_run and meta.quality_finding, in one transaction. Measures see
// the outcome at the next compute (core.published_provider).
func (db *DB) RunQuality(ctx context.Context, provider string, asOf time.Time) (QualityRun, error) {
	run := QualityRun{Provider: provider, AsOf: asOf.UTC()}
	checks, err := qualityChecks()
	if err != nil {
		return run, err
	}
	started := time.Now().UTC()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return run, fmt.Errorf("checking quality of %s: %w", provider, err)
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, `select nextval('meta.quality_run_seq')`).Scan(&run.RunID); err != nil {
		return run, fmt.Errorf("numbering quality run of %s: %w", provider, err)
	}
	if _, err := conn.ExecContext(ctx, `begin transaction`); err != nil {
		return run, fmt.Errorf("checking quality of %s: %w", provider, err)
	}
	done := false
	defer func() {
		if !done {
			conn.ExecContext(context.WithoutCancel(ctx), `rollback`)
		}
		conn.ExecContext(context.WithoutCancel(ctx), `drop table if exists temp.quality_scope`)
	}()
	if _, err := conn.ExecContext(ctx, `create or replace temp table quality_scope as
		select cast(? as bigint) as run_id, cast(? as varchar) as provider, cast(? as timestamp) as as_of`,
		run.RunID, provider, run.AsOf); err != nil {
		return run, fmt.Errorf("checking quality of %s: %w", provider, err)
	}
	for _, c := range checks {
		err := each(ctx, conn, `select check_name, category, severity, measured, threshold, message from (`+c.text+`) as q`, nil,
			func(rows *sql.Rows) error {
				var f QualityFinding
				if err := rows.Scan(&f.Check, &f.Category, &f.Severity, &f.Measured, &f.Threshold, &f.Message); err != nil {
					return err
				}
				run.Findings = append(run.Findings, f)
				return nil
			})
		if err != nil {
			return run, fmt.Errorf("running quality check %s for %s: %w", c.name, provider, err)
		}
	}
	checked := time.Now().UTC()
	for _, f := range run.Findings {
		switch f.Severity {
		case SeverityError:
			run.Errors++
		case SeverityWarning:
			run.Warnings++
		}
		if _, err := conn.ExecContext(ctx, `insert into meta.quality_finding
			(run_id, provider, checked_at, check_name, category, severity, measured, threshold, message)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			run.RunID, provider, checked, f.Check, f.Category, f.Severity, f.Measured, f.Threshold, f.Message); err != nil {
			return run, fmt.Errorf("recording quality finding %s for %s: %w", f.Check, provider, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `insert into meta.quality_run
		(run_id, provider, as_of, started_at, finished_at, errors, warnings) values (?, ?, ?, ?, ?, ?, ?)`,
		run.RunID, provider, run.AsOf, started, time.Now().UTC(), run.Errors, run.Warnings); err != nil {
		return run, fmt.Errorf("recording quality run of %s: %w", provider, err)
	}
	if _, err := conn.ExecContext(ctx, `commit`); err != nil {
		return run, fmt.Errorf("committing quality run of %s: %w", provider, err)
	}
	done = true
	return run, nil
}

// ErrNoOpenFinding reports that a resolve matched no open finding.
var ErrNoOpenFinding = errors.New("no open warning or error finding matches")

// ResolveQuality marks the open warning and error findings of the provider's latest quality
// run as resolved (all of them, or those of one check when check is not ""), with a note
// saying why; an error finding resolved no longer unpublishes the provider at the next
// compute. It returns the number of findings resolved, or ErrNoOpenFinding.
func (db *DB) ResolveQuality(ctx context.Context, provider, check, note string, at time.Time) (int64, error) {
	res, err := db.sql.ExecContext(ctx, `update meta.quality_finding
		set resolved_at = ?, resolved_note = ?
		where provider = ?
			and run_id = (select max(run_id) from meta.quality_run where provider = ?)
			and severity in ('warning', 'error')
			and resolved_at is null
			and (? = '' or check_name = ?)`,
		at.UTC(), nullable(note), provider, provider, check, check)
	if err != nil {
		return 0, fmt.Errorf("resolving quality findings of %s: %w", provider, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("resolving quality findings of %s: %w", provider, err)
	}
	if n == 0 {
		return 0, ErrNoOpenFinding
	}
	return n, nil
}

// OpenQualityFinding is a warning or error of a provider's latest run not yet resolved.
type OpenQualityFinding struct {
	Provider  string
	RunID     int64
	CheckedAt time.Time
	QualityFinding
}

// OpenQualityFindings lists the unresolved warnings and errors of each provider's latest
// quality run (one provider when provider is not ""), errors first.
func (db *DB) OpenQualityFindings(ctx context.Context, provider string) ([]OpenQualityFinding, error) {
	var out []OpenQualityFinding
	err := db.Each(ctx, `select f.provider, f.run_id, f.checked_at, f.check_name, f.category, f.severity,
			f.measured, f.threshold, f.message
		from meta.quality_finding as f
		join (select provider, max(run_id) as run_id from meta.quality_run group by provider) as r
			on r.provider = f.provider and r.run_id = f.run_id
		where f.severity in ('warning', 'error') and f.resolved_at is null
			and (? = '' or f.provider = ?)
		order by f.provider, f.severity = 'error' desc, f.check_name`, []any{provider, provider},
		func(rows *sql.Rows) error {
			var o OpenQualityFinding
			if err := rows.Scan(&o.Provider, &o.RunID, &o.CheckedAt, &o.Check, &o.Category, &o.Severity,
				&o.Measured, &o.Threshold, &o.Message); err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("listing open quality findings: %w", err)
	}
	return out, nil
}
