package main

import (
	"context"
	"fmt"
	"regexp"

	"populace/ingest"
)

var providerID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func runIngest(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "ingest")
	configFlags(fs, &cfg, e.getenv)
	useLoadDefaults(fs, e.getenv)
	provider := fs.String("provider", "", "provider id the files come from (required)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: populace ingest --provider ID PATH...  (files or folders of .ndjson[.gz] / .json[.gz])")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !providerID.MatchString(*provider) {
		return usagef("--provider must be an id of letters, digits, '.', '_' or '-' (got %q)", *provider)
	}
	if fs.NArg() == 0 {
		return usagef("name at least one file or folder to load")
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
	opt, err := cfg.ingestOptions()
	if err != nil {
		return err
	}
	bar := newProgressBar(e.stderr, log)
	opt.Progress = bar.update
	results, err := ingest.LoadPath(ctx, db, *provider, fs.Args(), opt)
	bar.finish()
	printIngest(e.stdout, *provider, results)
	for _, r := range results {
		log.Info("file ingested", "provider", *provider, "file", r.Name, "status", r.Status, "rows", total(r.Resources), "rejected", len(r.Rejects))
	}
	if err != nil {
		return err
	}
	if _, err := checkQuality(ctx, db, log, e.stdout, *provider); err != nil {
		return err
	}
	var failed int
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files were rejected", failed, len(results))
	}
	return nil
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
