package main

import (
	"bufio"
	"context"
	"errors"

	"populace/measures"
)

// runRegistry writes the chronic-condition registries as CSV:
//
//	populace registry --format csv [--condition NAME] [--ever] [--summary]
func runRegistry(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "registry")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "csv", "output format: csv")
	condition := fs.String("condition", "", "only this condition, by key (diabetes) or name (Diabetes)")
	ever := fs.Bool("ever", false, "also persons ever diagnosed who are not on the registry now")
	summary := fs.Bool("summary", false, "counts per condition instead of persons")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" {
		return usagef("--format %q: supported formats: csv", *format)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *summary && (*condition != "" || *ever) {
		return usagef("--summary counts every condition; it takes no --condition or --ever")
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	key := ""
	if *condition != "" {
		key, err = measures.ResolveCondition(ctx, db, *condition)
		if errors.Is(err, measures.ErrUnknownCondition) {
			return usagef("--condition %q is not a registry condition (see docs/registries.md)", *condition)
		}
		if err != nil {
			return err
		}
	}
	w := bufio.NewWriter(e.stdout)
	if *summary {
		err = measures.WriteRegistrySummaryCSV(ctx, db, w)
	} else {
		err = measures.WriteRegistryCSV(ctx, db, w, measures.RegistryFilter{Condition: key, Ever: *ever})
	}
	if errors.Is(err, measures.ErrNoRun) {
		return errors.New("no registries yet: run 'populace compute --period YYYY' first")
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
