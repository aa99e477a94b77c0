package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"populace/warehouse"
)

// runQuality is 'populace quality run|list|resolve': data quality of provider feeds.
//
//	populace quality run --provider ID          check a provider's data now
//	populace quality list [--provider ID]       open warnings and errors of the latest runs
//	populace quality resolve --provider ID [--check NAME] --note TEXT
//	                                            accept the open findings (an error-level one
//	                                            unpublishes the provider until resolved)
func runQuality(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("usage: populace quality run|list|resolve [flags]")
	}
	sub, args := args[0], args[1:]
	var cfg Config
	fs := newFlagSet(e, "quality "+sub)
	configFlags(fs, &cfg, e.getenv)
	provider := fs.String("provider", "", "provider id")
	check := fs.String("check", "", "resolve: only the findings of this check (e.g. plausibility_values)")
	note := fs.String("note", "", "resolve: why the findings are accepted (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch sub {
	case "run", "resolve":
		if !providerID.MatchString(*provider) {
			return usagef("--provider must be an id of letters, digits, '.', '_' or '-' (got %q)", *provider)
		}
	case "list":
	default:
		return usagef("unknown quality command %q (run, list, resolve)", sub)
	}
	if sub == "resolve" && strings.TrimSpace(*note) == "" {
		return usagef("--note must say why the findings are accepted")
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
	switch sub {
	case "run":
		_, err := checkQuality(ctx, db, log, e.stdout, *provider)
		return err
	case "resolve":
		n, err := db.ResolveQuality(ctx, *provider, *check, *note, time.Now())
		if errors.Is(err, warehouse.ErrNoOpenFinding) {
			return fmt.Errorf("provider %s: %w", *provider, err)
		}
		if err != nil {
			return err
		}
		log.Info("quality findings resolved", "provider", *provider, "rows", n)
		fmt.Fprintf(e.stdout, "provider %s: %d findings resolved; the next compute uses its data\n", *provider, n)
		return nil
	}
	open, err := db.OpenQualityFindings(ctx, *provider)
	if err != nil {
		return err
	}
	printFindings(e.stdout, open)
	return nil
}

// checkQuality runs the quality checks over a provider's data after a load and prints one
// line per warning or error.
func checkQuality(ctx context.Context, db *warehouse.DB, log *slog.Logger, w io.Writer, provider string) (warehouse.QualityRun, error) {
	run, err := db.RunQuality(ctx, provider, time.Now())
	if err != nil {
		return run, err
	}
	log.Info("quality checked", "provider", provider, "run", run.RunID, "rows", len(run.Findings),
		"errors", run.Errors, "warnings", run.Warnings)
	status := "published"
	if run.Errors > 0 {
		status = "NOT published until resolved ('populace quality resolve')"
	}
	fmt.Fprintf(w, "quality of %s: %d checks, %d errors, %d warnings; %s\n", provider, len(run.Findings), run.Errors, run.Warnings, status)
	for _, f := range run.Findings {
		if f.Severity != warehouse.SeverityInfo {
			fmt.Fprintf(w, "  %-7s %-32s %s\n", f.Severity, f.Check, f.Message)
		}
	}
	return run, nil
}

func printFindings(w io.Writer, open []warehouse.OpenQualityFinding) {
	if len(open) == 0 {
		fmt.Fprintln(w, "no open quality findings")
		return
	}
	fmt.Fprintf(w, "%-16s %-7s %-32s %-20s %s\n", "provider", "level", "check", "checked", "message")
	for _, o := range open {
		fmt.Fprintf(w, "%-16s %-7s %-32s %-20s %s\n", o.Provider, o.Severity, o.Check,
			o.CheckedAt.Format("2006-01-02 15:04:05"), o.Message)
	}
}
