package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"populace/warehouse"
)

// runFeeds is 'populace feeds status|run':
//
//	populace feeds status          each feed's last run, freshness and open quality findings
//	populace feeds run [--feed ID] run the configured feeds (or one) once, now
func runFeeds(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("usage: populace feeds status|run [flags]")
	}
	sub, args := args[0], args[1:]
	var cfg Config
	fs := newFlagSet(e, "feeds "+sub)
	configFlags(fs, &cfg, e.getenv)
	if sub == "run" {
		useLoadDefaults(fs, e.getenv)
	}
	only := fs.String("feed", "", "run: only this feed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if sub != "status" && sub != "run" {
		return usagef("unknown feeds command %q (status, run)", sub)
	}
	log, err := setup(e, cfg)
	if err != nil {
		return err
	}
	opt, err := cfg.ingestOptions()
	if err != nil {
		return err
	}
	feeds, err := cfg.feeds(opt)
	if err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if sub == "status" {
		ids := make([]string, len(feeds))
		for i, f := range feeds {
			ids[i] = f.ID
		}
		st, err := db.FeedStatuses(ctx, ids)
		if err != nil {
			return err
		}
		printFeedStatus(e.stdout, st, time.Now())
		return nil
	}
	if len(feeds) == 0 {
		return usagef("no feeds configured: set --feeds or --inbox")
	}
	if _, err := db.MarkInterruptedFeedRuns(ctx); err != nil {
		return err
	}
	var errs []error
	ran := 0
	for _, f := range feeds {
		if *only != "" && f.ID != *only {
			continue
		}
		ran++
		detail, err := runFeed(ctx, db, f)
		fmt.Fprintf(e.stdout, "%s: %s\n", f.ID, detail)
		if err != nil {
			log.Error("feed run failed", "provider", f.ID, "err", err)
			errs = append(errs, err)
		} else {
			log.Info("feed run finished", "provider", f.ID)
		}
	}
	if ran == 0 {
		return usagef("--feed %s is not a configured feed", *only)
	}
	return errors.Join(errs...)
}

// printFeedStatus writes one line per feed: its last run, how fresh its data is (days
// since the provider's last loaded file) and its open data-quality findings.
func printFeedStatus(w io.Writer, st []warehouse.FeedStatus, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tLAST RUN (UTC)\tSTATUS\tLOADED\tALREADY\tQUARANTINED\tFAILED\tRESOURCES\tREJECTS\tLAST FILE\tFRESHNESS\tOPEN FINDINGS")
	for _, s := range st {
		run, status := "never", "-"
		var loaded, skipped, quarantined, failed, rejects string = "-", "-", "-", "-", "-"
		resources := "-"
		if r := s.LastRun; r != nil {
			run, status = r.Started.UTC().Format("2006-01-02 15:04"), r.Status
			loaded, skipped = fmt.Sprint(r.FilesLoaded), fmt.Sprint(r.FilesSkipped)
			quarantined, failed = fmt.Sprint(r.FilesQuarantined), fmt.Sprint(r.FilesFailed)
			resources, rejects = fmt.Sprint(s.LastRunTotal), fmt.Sprint(r.Rejects)
		}
		last, fresh := "never", "-"
		if s.LastFileAt != nil {
			last = s.LastFileAt.UTC().Format("2006-01-02")
			days := int(now.Sub(*s.LastFileAt).Hours() / 24)
			fresh = fmt.Sprintf("%d days", max(days, 0))
			if days == 1 {
				fresh = "1 day"
			}
		}
		findings := fmt.Sprint(s.OpenFindings)
		if s.OpenErrors > 0 {
			findings += fmt.Sprintf(" (%d errors)", s.OpenErrors)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Feed, run, status, loaded, skipped,
			quarantined, failed, resources, rejects, last, fresh, findings)
	}
	tw.Flush()
}
