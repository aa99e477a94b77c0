// Command populace gathers de-identified FHIR records from many providers into one DuckDB
// warehouse, computes clinical quality measures in SQL, and serves the dashboard.
//
//	populace demo                                  generate a network, load it, compute, serve
//	populace ingest --provider ID PATH...          load FHIR NDJSON / Bundles
//	populace valuesets import PATH...              load FHIR ValueSet JSON
//	populace compute --period 2025                 compute every measure for a period
//	populace results --format csv [--measure ID]   patient-level results to stdout
//	populace results --format measurereport --out DIR   FHIR MeasureReports, one file each
//	populace runs [compare A B [--patients]]       list compute runs, compare two
//	populace feeds status|run                      provider feeds: last runs, freshness, run now
//	populace generate --patients N --providers K --seed S --out DIR
//	populace serve                                 dashboard and scheduled jobs
//
// Exit codes: 0 success, 1 failure, 2 usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is the build's version, set by the Makefile (-ldflags "-X main.version=...").
var version = "development build"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env carries what every command needs.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "generate a synthetic network, load it, compute and serve the dashboard", runDemo},
		{"ingest", "load FHIR NDJSON and Bundle files for one provider", runIngest},
		{"valuesets", "valuesets import PATH...: load FHIR ValueSet JSON", runValueSets},
		{"compute", "compute every measure for a measurement period", runCompute},
		{"results", "write patient-level results", runResults},
		{"gaps", "list care gaps, or assign|status|note|snooze one", runGaps},
		{"registry", "write the chronic-condition registries", runRegistry},
		{"runs", "list compute runs, or compare two: runs compare A B", runRuns},
		{"quality", "data quality of provider feeds: quality run|list|resolve", runQuality},
		{"feeds", "feeds status: last run, freshness and findings of each feed; feeds run: run them now", runFeeds},
		{"generate", "write a synthetic multi-provider network as Bulk NDJSON", runGenerate},
		{"serve", "serve the dashboard and run scheduled jobs", runServe},
		{"users", "users add NAME --role ROLE: create a dashboard account", runUsers},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "populace %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(stderr, "populace %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "populace: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: populace COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'populace COMMAND -h' for a command's flags.")
}

// parseFlags parses args into fs (which must use ContinueOnError), turning flag errors
// into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func newFlagSet(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("populace "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// setup validates the configuration and builds the logger (to stderr: stdout carries data).
func setup(e env, cfg Config) (*slog.Logger, error) {
	if err := cfg.Validate(); err != nil {
		return nil, usageError{err.Error()}
	}
	lvl, _ := cfg.level()
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl})), nil
}
