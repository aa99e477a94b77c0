package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"populace/ingest/synth"
	"populace/warehouse"
)

func runGenerate(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "generate")
	configFlags(fs, &cfg, e.getenv)
	patients := fs.Int("patients", 5000, "number of persons")
	providers := fs.Int("providers", 5, "number of providers")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same files")
	out := fs.String("out", "", "output folder: one Bulk NDJSON folder per provider (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required")
	}
	if *patients < 1 || *providers < 1 {
		return usagef("--patients and --providers must be at least 1")
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	codes, source, err := generatorCodes(ctx, cfg.DB)
	if err != nil {
		return err
	}
	t := time.Now()
	sum, err := synth.Generate(ctx, synth.Options{
		Out: *out, Patients: *patients, Providers: *providers, Seed: *seed,
		LinkageSystem: cfg.LinkageSystem, Codes: codes,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %d persons (%d seen by more than one provider) across %d providers: %d patient records, %d resources, codes from %s, in %s\n",
		sum.Patients, sum.Shared, sum.Providers, sum.Records, total(sum.Resources), source, time.Since(t).Round(time.Millisecond))
	return nil
}

// generatorCodes picks the codes the generator draws from: the value sets imported into the
// warehouse when there are any, otherwise Populace's own small starter set. An absent
// warehouse file is not created.
func generatorCodes(ctx context.Context, dbPath string) (synth.CodeSet, string, error) {
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		codes, err := synth.StarterCodes()
		return codes, "the starter set", err
	}
	db, err := warehouse.Open(ctx, dbPath)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	return codesFromWarehouse(ctx, db)
}

// codesFromWarehouse is generatorCodes for an open warehouse.
func codesFromWarehouse(ctx context.Context, db *warehouse.DB) (synth.CodeSet, string, error) {
	sets, err := db.ValueSetCodes(ctx)
	if err != nil {
		return nil, "", err
	}
	if len(sets) == 0 {
		codes, err := synth.StarterCodes()
		return codes, "the starter set", err
	}
	// Imported sets replace the starter set's; value sets not imported keep starter codes.
	codes, err := synth.StarterCodes()
	if err != nil {
		return nil, "", err
	}
	for url, cs := range sets {
		codes[url] = codes[url][:0:0]
		for _, c := range cs {
			codes[url] = append(codes[url], synth.Coding{System: c.System, Code: c.Code, Display: c.Display})
		}
	}
	return codes, fmt.Sprintf("%d imported value sets", len(sets)), nil
}
