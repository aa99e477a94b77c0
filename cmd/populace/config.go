package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// Config is everything Populace can be told. Defaults live here, in one place; each field
// can be set by a flag or by the POPULACE_* environment variable named beside it (a flag
// wins). This is the only code that reads the environment or flags.
type Config struct {
	// DB is the warehouse file (POPULACE_DB).
	DB string
	// Listen is the dashboard's address (POPULACE_LISTEN). Loopback by default: put a
	// TLS-terminating proxy in front to serve a network.
	Listen string
	// LinkageSystem is the Patient.identifier system whose value is the pseudonymous token
	// that links one person's records across providers (POPULACE_LINKAGE_SYSTEM). Every
	// other identifier is removed at ingest.
	LinkageSystem string
	// Inbox is a folder with one subfolder per provider (the folder name is the provider
	// id); serve polls it and loads new files (POPULACE_INBOX). Empty: no polling.
	Inbox string
	// PollSchedule is the cron schedule of inbox polling (POPULACE_POLL_SCHEDULE).
	PollSchedule string
	// ComputeSchedule is the cron schedule of the nightly compute (POPULACE_COMPUTE_SCHEDULE).
	ComputeSchedule string
	// LogLevel is debug, info, warn or error (POPULACE_LOG_LEVEL).
	LogLevel string
	// MemoryLimit caps DuckDB's memory, e.g. "6GB" (POPULACE_MEMORY_LIMIT); past it DuckDB
	// spills to <db>.tmp. Empty: DuckDB's default, 80% of the machine's memory. The default,
	// 5.5GB, leaves room for what DuckDB does not count: a 1M-person compute peaked 1.4-2.8 GB
	// above its cap (docs/benchmarks.md), and the target is 8 GiB.
	MemoryLimit string
	// Threads is DuckDB's worker threads (POPULACE_THREADS); 0 keeps DuckDB's default, one
	// per core. The commands that only load files default to 1 (useLoadDefaults).
	Threads int
	// SlicePersons is how many persons a compute builds together (POPULACE_SLICE_PERSONS); a
	// larger network is computed in slices of at most this many, which bounds the memory
	// a compute needs whatever the network's size. 0: the built-in 100,000.
	SlicePersons int
	// DatePolicy is how ingest keeps dates (POPULACE_DATE_POLICY): "limited" keeps them, a
	// HIPAA limited data set (default); "birth-year" reduces birth dates to the year. Either
	// way people aged 90 or more are grouped (docs/deidentification.md).
	DatePolicy string
	// Feeds names a JSON file describing the provider feeds (POPULACE_FEEDS): id, inbox,
	// schedule and options of each (see ingest.ReadFeeds). Without it, every subfolder of
	// Inbox is a feed with the shared settings.
	Feeds string
	// MaxRejectShare quarantines a file whose rejected records are more than this share of
	// its records (POPULACE_MAX_REJECT_SHARE, 0..1; 0 = no limit). A feed may set its own.
	MaxRejectShare float64
	// Strict rejects records lacking an element FHIR requires and records whose patient
	// the provider never sent (POPULACE_STRICT). A feed may set its own.
	Strict bool
	// LinkageSecretFile names a file holding the secret that keys the HMAC linkage token
	// computed from name, birth date and sex when a Patient carries no linkage-system token
	// (POPULACE_LINKAGE_SECRET_FILE). Empty: no computed tokens.
	LinkageSecretFile string
}

func defaultConfig() Config {
	return Config{
		DB:              "populace.duckdb",
		Listen:          "127.0.0.1:8080",
		LinkageSystem:   synth.DefaultLinkageSystem,
		PollSchedule:    "@every 5m",
		ComputeSchedule: "0 2 * * *",
		LogLevel:        "info",
		MemoryLimit:     "5.5GB",
		DatePolicy:      ingest.DatesLimited,
		MaxRejectShare:  0.5,
		Strict:          true,
	}
}

// configFlags registers the shared settings on fs, with defaults taken from the
// environment over the built-in defaults.
func configFlags(fs *flag.FlagSet, cfg *Config, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	d := defaultConfig()
	fs.StringVar(&cfg.DB, "db", env("POPULACE_DB", d.DB), "warehouse file (POPULACE_DB)")
	fs.StringVar(&cfg.Listen, "listen", env("POPULACE_LISTEN", d.Listen), "dashboard address (POPULACE_LISTEN)")
	fs.StringVar(&cfg.LinkageSystem, "linkage-system", env("POPULACE_LINKAGE_SYSTEM", d.LinkageSystem), "Patient.identifier system of the linkage token (POPULACE_LINKAGE_SYSTEM)")
	fs.StringVar(&cfg.Inbox, "inbox", env("POPULACE_INBOX", d.Inbox), "folder of provider inboxes polled by serve (POPULACE_INBOX)")
	fs.StringVar(&cfg.PollSchedule, "poll-schedule", env("POPULACE_POLL_SCHEDULE", d.PollSchedule), "cron schedule of inbox polling (POPULACE_POLL_SCHEDULE)")
	fs.StringVar(&cfg.ComputeSchedule, "compute-schedule", env("POPULACE_COMPUTE_SCHEDULE", d.ComputeSchedule), "cron schedule of the nightly compute (POPULACE_COMPUTE_SCHEDULE)")
	fs.StringVar(&cfg.DatePolicy, "date-policy", env("POPULACE_DATE_POLICY", d.DatePolicy), "limited (keep dates) or birth-year (POPULACE_DATE_POLICY)")
	fs.StringVar(&cfg.LinkageSecretFile, "linkage-secret-file", env("POPULACE_LINKAGE_SECRET_FILE", d.LinkageSecretFile), "file with the secret of computed linkage tokens (POPULACE_LINKAGE_SECRET_FILE)")
	fs.StringVar(&cfg.Feeds, "feeds", env("POPULACE_FEEDS", d.Feeds), "JSON file of provider feeds polled by serve (POPULACE_FEEDS)")
	share, err := strconv.ParseFloat(env("POPULACE_MAX_REJECT_SHARE", strconv.FormatFloat(d.MaxRejectShare, 'g', -1, 64)), 64)
	if err != nil {
		share = -1 // reported by Validate
	}
	fs.Float64Var(&cfg.MaxRejectShare, "max-reject-share", share, "quarantine a file whose rejected records exceed this share, 0..1, 0 = no limit (POPULACE_MAX_REJECT_SHARE)")
	strict, err := strconv.ParseBool(env("POPULACE_STRICT", strconv.FormatBool(d.Strict)))
	if err != nil {
		strict = d.Strict
	}
	fs.BoolVar(&cfg.Strict, "strict", strict, "reject records missing required elements or their patient (POPULACE_STRICT)")
	slice, err := strconv.Atoi(env("POPULACE_SLICE_PERSONS", strconv.Itoa(d.SlicePersons)))
	if err != nil {
		slice = -1 // reported by Validate
	}
	fs.IntVar(&cfg.SlicePersons, "slice-persons", slice, "persons a compute builds together; more are computed in slices, 0 = 100000 (POPULACE_SLICE_PERSONS)")
	threads, err := strconv.Atoi(env("POPULACE_THREADS", strconv.Itoa(d.Threads)))
	if err != nil {
		threads = -1 // reported by Validate
	}
	fs.IntVar(&cfg.Threads, "threads", threads, "DuckDB worker threads, 0 = one per core (POPULACE_THREADS)")
	fs.StringVar(&cfg.MemoryLimit, "memory-limit", env("POPULACE_MEMORY_LIMIT", d.MemoryLimit), "DuckDB memory cap, e.g. 6GB; past it work spills to disk (POPULACE_MEMORY_LIMIT)")
	fs.StringVar(&cfg.LogLevel, "log-level", env("POPULACE_LOG_LEVEL", d.LogLevel), "debug, info, warn or error (POPULACE_LOG_LEVEL)")
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.DB == "" {
		errs = append(errs, errors.New("--db must name a file"))
	}
	if c.Listen == "" {
		errs = append(errs, errors.New("--listen must be an address"))
	}
	if c.Threads < 0 {
		errs = append(errs, errors.New("--threads must be a number of threads, 0 for one per core"))
	}
	if c.SlicePersons < 0 {
		errs = append(errs, errors.New("--slice-persons must be a number of persons, 0 for the default"))
	}
	if _, err := c.level(); err != nil {
		errs = append(errs, err)
	}
	if err := (ingest.Options{DatePolicy: c.DatePolicy}).Validate(); err != nil {
		errs = append(errs, fmt.Errorf("--date-policy: %w", err))
	}
	if c.LinkageSecretFile != "" {
		if st, err := os.Stat(c.LinkageSecretFile); err != nil || st.IsDir() {
			errs = append(errs, fmt.Errorf("--linkage-secret-file %s is not a readable file", c.LinkageSecretFile))
		}
	}
	if c.Inbox != "" {
		if st, err := os.Stat(c.Inbox); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("--inbox %s is not a folder", c.Inbox))
		}
	}
	if c.Feeds != "" {
		if st, err := os.Stat(c.Feeds); err != nil || st.IsDir() {
			errs = append(errs, fmt.Errorf("--feeds %s is not a readable file", c.Feeds))
		}
	}
	if c.MaxRejectShare < 0 || c.MaxRejectShare > 1 {
		errs = append(errs, errors.New("--max-reject-share must be a share between 0 and 1"))
	}
	return errors.Join(errs...)
}

func (c Config) level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(c.LogLevel))); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// openWarehouse opens the configured warehouse with the configured DuckDB settings.
func (c Config) openWarehouse(ctx context.Context) (*warehouse.DB, error) {
	return warehouse.Open(ctx, c.DB, warehouse.WithMemoryLimit(c.MemoryLimit), warehouse.WithThreads(c.Threads))
}

// ingestMemoryLimit and ingestThreads are the DuckDB settings of the commands that only load
// files (ingest, feeds run) unless a flag or the environment says otherwise. Loading is as
// fast with a 256MB cap as with 512MB and the process stays under 1 GiB whatever the file
// size (peaks of 642-879 MiB for files up to 4 GB and providers of up to 9.7 M resources,
// docs/benchmarks.md). One thread: each insert is one statement, and with more threads the
// connection waiting on it spins on DuckDB's task queue while a worker runs it, 15-20% of the
// load's CPU on cores the parse workers need. A compute needs the larger defaults.
const (
	ingestMemoryLimit = "256MB"
	ingestThreads     = "1"
)

// useLoadDefaults makes ingestMemoryLimit and ingestThreads the --memory-limit and --threads
// defaults of fs where the environment sets none; call it after configFlags and before
// parsing.
func useLoadDefaults(fs *flag.FlagSet, getenv func(string) string) {
	for _, d := range []struct{ flag, env, value string }{
		{"memory-limit", "POPULACE_MEMORY_LIMIT", ingestMemoryLimit},
		{"threads", "POPULACE_THREADS", ingestThreads},
	} {
		if getenv(d.env) != "" {
			continue
		}
		f := fs.Lookup(d.flag)
		f.DefValue = d.value
		if err := f.Value.Set(d.value); err != nil {
			panic(err) // the values above are valid
		}
	}
}
