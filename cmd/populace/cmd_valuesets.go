package main

import (
	"context"
	"fmt"

	"populace/ingest"
)

func runValueSets(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("usage: populace valuesets import PATH...")
	}
	var cfg Config
	fs := newFlagSet(e, "valuesets import")
	configFlags(fs, &cfg, e.getenv)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("name at least one ValueSet file, Bundle or folder")
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := ingest.ImportValueSets(ctx, db, fs.Args())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d value sets\n", n)
	return nil
}
