package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"populace/dashboard"
	"populace/ingest"
	"populace/ingest/synth"
	"populace/measures"
	"populace/warehouse"
)

func runDemo(ctx context.Context, e env, args []string) error {
	var cfg Config
	var pf periodFlags
	fs := newFlagSet(e, "demo")
	configFlags(fs, &cfg, e.getenv)
	pf.register(fs)
	patients := fs.Int("patients", 5000, "number of synthetic persons")
	providers := fs.Int("providers", 5, "number of synthetic providers")
	seed := fs.Uint64("seed", 1, "random seed")
	data := fs.String("data", "demo-data", "folder for the generated provider feeds")
	noServe := fs.Bool("no-serve", false, "stop after computing (do not serve the dashboard)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if pf == (periodFlags{}) {
		pf.year = "2025"
	}
	start, end, err := pf.resolve()
	if err != nil {
		return err
	}
	log, err := setup(e, cfg)
	if err != nil {
		return err
	}
	began := time.Now()
	step := func(format string, args ...any) {
		fmt.Fprintf(e.stdout, "[%5.1fs] %s\n", time.Since(began).Seconds(), fmt.Sprintf(format, args...))
	}

	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sets, err := db.ValueSetCodes(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		n, err := ingest.ImportValueSetBytes(ctx, db, synth.StarterValueSets())
		if err != nil {
			return fmt.Errorf("importing the starter value sets: %w", err)
		}
		step("imported %d starter value sets (import VSAC expansions with 'populace valuesets import' for full code coverage)", n)
	}
	codes, source, err := codesFromWarehouse(ctx, db)
	if err != nil {
		return err
	}
	sum, err := synth.Generate(ctx, synth.Options{
		Out: *data, Patients: *patients, Providers: *providers, Seed: *seed,
		LinkageSystem: cfg.LinkageSystem, Codes: codes,
	})
	if err != nil {
		return err
	}
	step("generated %d persons across %d providers in %s (codes from %s)", sum.Patients, sum.Providers, *data, source)

	dirs, err := os.ReadDir(*data)
	if err != nil {
		return fmt.Errorf("reading %s: %w", *data, err)
	}
	var provs []string
	for _, d := range dirs {
		if d.IsDir() {
			provs = append(provs, d.Name())
		}
	}
	sort.Strings(provs)
	opt, err := cfg.ingestOptions()
	if err != nil {
		return err
	}
	for _, p := range provs {
		results, err := ingest.LoadPath(ctx, db, p, []string{filepath.Join(*data, p)}, opt)
		if err != nil {
			return err
		}
		var n, skipped int64
		for _, r := range results {
			if r.Err != nil {
				return fmt.Errorf("loading demo feed of %s: %w", p, r.Err)
			}
			if r.Status == "skipped" {
				skipped++
			}
			n += total(r.Resources)
		}
		step("ingested provider %s: %d resources (%d files already loaded)", p, n, skipped)
		qr, err := db.RunQuality(ctx, p, time.Now())
		if err != nil {
			return err
		}
		step("checked the quality of %s: %d errors, %d warnings", p, qr.Errors, qr.Warnings)
	}
	run, err := measures.Compute(ctx, db, measures.ComputeOptions{Start: start, End: end, SlicePersons: cfg.SlicePersons, Logger: log})
	if err != nil {
		return err
	}
	step("computed run %d for %s..%s", run, start.Format(time.DateOnly), end.Format(time.DateOnly))
	if err := printSummary(ctx, e, db, run); err != nil {
		return err
	}
	if err := demoAccounts(ctx, e, db, provs); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	step("starting the dashboard (Ctrl-C to stop)")
	return serve(ctx, e, cfg, db, log)
}

// demoAccounts gives the demo one account per role, with fresh passwords on every run, and
// prints them: the dashboard shows nothing without signing in.
func demoAccounts(ctx context.Context, e env, db *warehouse.DB, providers []string) error {
	fmt.Fprintln(e.stdout, "demo accounts (new passwords on every run):")
	for _, role := range dashboard.Roles {
		name := "demo-" + strings.ReplaceAll(string(role), "_", "-")
		spec := dashboard.AccountSpec{Name: name, Role: role, Password: dashboard.NewPassword()}
		if role == dashboard.RoleCareCoordinator {
			spec.Providers = providers[:min(2, len(providers))]
		}
		if err := dashboard.ResetAccount(ctx, db, spec); err != nil {
			return fmt.Errorf("creating demo account %s: %w", name, err)
		}
		fmt.Fprintf(e.stdout, "  %-28s password %s\n", name, spec.Password)
	}
	return nil
}
