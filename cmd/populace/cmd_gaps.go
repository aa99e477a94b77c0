package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"populace/measures"
	"populace/warehouse"
)

// runGaps lists care gaps as CSV, or changes a gap's workflow state:
//
//	populace gaps --format csv [--provider ID] [--status open]
//	populace gaps assign --gap KEY --to NAME
//	populace gaps status --gap KEY --status scheduled [--reason TEXT]
//	populace gaps note   --gap KEY --text TEXT
//	populace gaps snooze --gap KEY --until YYYY-MM-DD   (--until '' wakes it)
func runGaps(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return runGapChange(ctx, e, args[0], args[1:])
	}
	var cfg Config
	fs := newFlagSet(e, "gaps")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "csv", "output format: csv")
	provider := fs.String("provider", "", "only gaps of persons attributed to this provider (or reported under it when attributed to none)")
	status := fs.String("status", "", "only gaps in this status: "+strings.Join(measures.GapListStatuses(), ", "))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" {
		return usagef("--format %q: supported formats: csv", *format)
	}
	if *status != "" && !slices.Contains(measures.GapListStatuses(), *status) {
		return usagef("--status %q: want one of %s", *status, strings.Join(measures.GapListStatuses(), ", "))
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	w := bufio.NewWriter(e.stdout)
	err = measures.WriteGapsCSV(ctx, db, w, measures.GapFilter{Provider: *provider, Status: *status})
	if errors.Is(err, measures.ErrNoRun) {
		return errors.New("no care gaps yet: run 'populace compute --period YYYY' first")
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// runGapChange applies one workflow change to one gap.
func runGapChange(ctx context.Context, e env, verb string, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "gaps "+verb)
	configFlags(fs, &cfg, e.getenv)
	gap := fs.String("gap", "", "the gap key (gap_key column of 'populace gaps')")
	actor := fs.String("actor", "local", "who makes the change (recorded in the audit log)")
	var apply func(db *warehouse.DB) error
	switch verb {
	case "assign":
		to := fs.String("to", "", "care-team member to assign the gap to ('' unassigns)")
		apply = func(db *warehouse.DB) error { return measures.AssignGap(ctx, db, *actor, *gap, *to) }
	case "status":
		status := fs.String("status", "", "new status: "+statusList())
		reason := fs.String("reason", "", "why (required for not_applicable)")
		apply = func(db *warehouse.DB) error {
			return measures.SetGapStatus(ctx, db, *actor, *gap, measures.GapStatus(*status), *reason)
		}
	case "note":
		text := fs.String("text", "", "the note")
		apply = func(db *warehouse.DB) error { return measures.AddGapNote(ctx, db, *actor, *gap, *text) }
	case "snooze":
		until := fs.String("until", "", "snooze until this day, YYYY-MM-DD ('' wakes the gap)")
		apply = func(db *warehouse.DB) error {
			var day time.Time
			if *until != "" {
				var err error
				if day, err = time.Parse(time.DateOnly, *until); err != nil {
					return usagef("--until %q: want YYYY-MM-DD", *until)
				}
			}
			return measures.SnoozeGap(ctx, db, *actor, *gap, day)
		}
	default:
		return usagef("unknown gaps action %q: want assign, status, note or snooze", verb)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *gap == "" {
		return usagef("--gap is required")
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	err = apply(db)
	switch {
	case errors.Is(err, measures.ErrUnknownGap):
		return usagef("--gap %q: no compute has found this gap", *gap)
	case errors.Is(err, measures.ErrInvalidWorkflow):
		return usageError{err.Error()}
	case err != nil:
		return err
	}
	fmt.Fprintf(e.stdout, "gap %s: %s recorded\n", *gap, verb)
	return nil
}

func statusList() string {
	var s []string
	for _, v := range measures.GapStatuses {
		s = append(s, string(v))
	}
	return strings.Join(s, ", ")
}
