package main

import (
	"bufio"
	"context"
	"errors"

	"populace/measures"
	"populace/warehouse"
)

func runResults(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "results")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "csv", "output format: csv")
	measure := fs.String("measure", "", "only this measure, e.g. CMS122")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" {
		return usagef("--format %q: supported formats: csv", *format)
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := warehouse.Open(ctx, cfg.DB)
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
	w := bufio.NewWriter(e.stdout)
	err = measures.WriteResultsCSV(ctx, db, w, measures.ResultsFilter{Measure: *measure})
	if errors.Is(err, measures.ErrNoRun) {
		return errors.New("no results yet: run 'populace compute --period YYYY' first")
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
