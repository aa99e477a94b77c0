package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"populace/dashboard"
)

// stdin is where `users add` reads a password when no --password-file is given.
var stdin io.Reader = os.Stdin

func runUsers(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: populace users add NAME --role ROLE [--providers ID,ID] [--password-file FILE]")
	}
	var cfg Config
	fs := newFlagSet(e, "users add")
	configFlags(fs, &cfg, e.getenv)
	role := fs.String("role", "", "executive, quality_manager, care_coordinator or administrator (required)")
	providers := fs.String("providers", "", "care coordinator: comma-separated provider ids whose gaps they work")
	passwordFile := fs.String("password-file", "", "read the password from this file (else the first line of standard input)")
	// NAME comes first; flags follow it.
	if len(args) < 2 || strings.HasPrefix(args[1], "-") {
		return usagef("usage: populace users add NAME --role ROLE")
	}
	name := args[1]
	if err := parseFlags(fs, args[2:]); err != nil {
		return err
	}
	r, err := dashboard.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	var provs []string
	if *providers != "" {
		if r != dashboard.RoleCareCoordinator {
			return usagef("--providers applies to care coordinators only")
		}
		for _, p := range strings.Split(*providers, ",") {
			if !providerID.MatchString(p) {
				return usagef("--providers: %q is not a provider id", p)
			}
			provs = append(provs, p)
		}
	}
	password, err := readPassword(*passwordFile)
	if err != nil {
		return err
	}
	if _, err := setup(e, cfg); err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	err = dashboard.AddAccount(ctx, db, dashboard.AccountSpec{Name: name, Role: r, Password: password, Providers: provs})
	if errors.Is(err, dashboard.ErrAccountExists) {
		return fmt.Errorf("account %s exists", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %s (%s)\n", name, r)
	return nil
}

// readPassword reads the password from a file, or the first line of standard input. It is
// never a flag value, which would show in the process list and shell history.
func readPassword(file string) (string, error) {
	var r io.Reader = stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("reading password file: %w", err)
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("no password given: pipe it on standard input or use --password-file")
	}
	return line, nil
}
