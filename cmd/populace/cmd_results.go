package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"

	"populace/measures"
)

func runResults(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "results")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "csv", "output format: csv (to stdout) or measurereport (FHIR MeasureReport JSON files under --out)")
	measure := fs.String("measure", "", "only this measure, e.g. CMS122")
	out := fs.String("out", "", "folder for --format measurereport")
	run := fs.Int64("run", 0, "results of this compute run (see 'populace runs'); default the latest that succeeded")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *format != "csv" && *format != "measurereport":
		return usagef("--format %q: supported formats: csv, measurereport", *format)
	case *format == "measurereport" && *out == "":
		return usagef("--format measurereport writes files: give --out DIR")
	case *format == "csv" && *out != "":
		return usagef("--format csv writes to stdout; --out is for --format measurereport")
	case *run < 0:
		return usagef("--run %d: want a run number (see 'populace runs')", *run)
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *measure != "" {
		known, err := measures.Known(ctx, db, *measure)
		if err != nil {
			return err
		}
		if !known {
			return usagef("--measure %q is not in the catalog", *measure)
		}
	}
	if *run != 0 {
		if err := measures.CheckRuns(ctx, db, *run); err != nil {
			return err
		}
	}
	if *format == "measurereport" {
		n, err := measures.WriteMeasureReports(ctx, db, measures.MeasureReportOptions{Dir: *out, Measure: *measure, RunID: *run})
		if errors.Is(err, measures.ErrNoRun) {
			return errors.New("no results yet: run 'populace compute --period YYYY' first")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %d summary and %d individual MeasureReports to %s\n", n.Summary, n.Individual, *out)
		return nil
	}
	w := bufio.NewWriter(e.stdout)
	err = measures.WriteResultsCSV(ctx, db, w, measures.ResultsFilter{Measure: *measure, RunID: *run})
	if errors.Is(err, measures.ErrNoRun) {
		return errors.New("no results yet: run 'populace compute --period YYYY' first")
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
