package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"populace/measures"
	"populace/warehouse"
)

// periodFlags reads --period YYYY or --period-start/--period-end.
type periodFlags struct{ year, start, end string }

func (p *periodFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.year, "period", "", "measurement period as a calendar year, e.g. 2025")
	fs.StringVar(&p.start, "period-start", "", "measurement period start, YYYY-MM-DD")
	fs.StringVar(&p.end, "period-end", "", "measurement period end (inclusive), YYYY-MM-DD")
}

func (p periodFlags) resolve() (start, end time.Time, err error) {
	switch {
	case p.year != "" && (p.start != "" || p.end != ""):
		return start, end, usagef("give --period or --period-start/--period-end, not both")
	case p.year != "":
		y, err := strconv.Atoi(p.year)
		if err != nil || y < 1900 || y > 2200 {
			return start, end, usagef("--period %q: want a year such as 2025", p.year)
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), nil
	case p.start != "" && p.end != "":
		if start, err = time.Parse(time.DateOnly, p.start); err != nil {
			return start, end, usagef("--period-start %q: want YYYY-MM-DD", p.start)
		}
		if end, err = time.Parse(time.DateOnly, p.end); err != nil {
			return start, end, usagef("--period-end %q: want YYYY-MM-DD", p.end)
		}
		if end.Before(start) {
			return start, end, usagef("--period-end is before --period-start")
		}
		return start, end, nil
	default:
		return start, end, usagef("give --period YYYY, or --period-start and --period-end")
	}
}

func runCompute(ctx context.Context, e env, args []string) error {
	var cfg Config
	var pf periodFlags
	fs := newFlagSet(e, "compute")
	configFlags(fs, &cfg, e.getenv)
	pf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	start, end, err := pf.resolve()
	if err != nil {
		return err
	}
	log, err := setup(e, cfg)
	if err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t := time.Now()
	run, err := measures.Compute(ctx, db, measures.ComputeOptions{Start: start, End: end, SlicePersons: cfg.SlicePersons, Logger: log})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "run %d computed %s..%s in %s\n", run, start.Format(time.DateOnly), end.Format(time.DateOnly), time.Since(t).Round(time.Millisecond))
	return printSummary(ctx, e, db, run)
}

func printSummary(ctx context.Context, e env, db *warehouse.DB, run int64) error {
	rows, err := measures.Summaries(ctx, db, run)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%-8s %5s %12s %12s %12s %12s %8s\n", "measure", "group", "initial pop", "denominator", "exclusions", "numerator", "rate")
	for _, s := range rows {
		rate := "-"
		if s.Rate != nil {
			rate = fmt.Sprintf("%.1f%%", *s.Rate*100)
		}
		fmt.Fprintf(e.stdout, "%-8s %5d %12d %12d %12d %12d %8s\n", s.Measure, s.Group, s.InitialPopulation, s.Denominator, s.Exclusions+s.Exceptions, s.Numerator, rate)
	}
	return nil
}
