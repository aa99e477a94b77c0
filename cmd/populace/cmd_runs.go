package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"populace/measures"
)

// runRuns lists compute runs (`populace runs`) or compares two (`populace runs compare A B`).
func runRuns(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "compare" {
		return runRunsCompare(ctx, e, args[1:])
	}
	var cfg Config
	fs := newFlagSet(e, "runs")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "table", "output format: table or csv")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (did you mean 'runs compare A B'?)", fs.Arg(0))
	}
	if err := checkTableFormat(*format); err != nil {
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
	runs, err := measures.Runs(ctx, db)
	if err != nil {
		return err
	}
	header := []string{"run", "period_start", "period_end", "status", "started_at", "finished_at", "measure_groups", "persons", "results", "error"}
	return writeTable(e.stdout, *format, header, func(emit func([]string) error) error {
		for _, r := range runs {
			finished := ""
			if r.FinishedAt != nil {
				finished = r.FinishedAt.UTC().Format(time.RFC3339)
			}
			errText := r.Error
			if *format == "table" && len(errText) > 60 {
				errText = errText[:57] + "..."
			}
			if err := emit([]string{strconv.FormatInt(r.ID, 10), r.PeriodStart.Format(time.DateOnly), r.PeriodEnd.Format(time.DateOnly),
				r.Status, r.StartedAt.UTC().Format(time.RFC3339), finished, strconv.FormatInt(r.MeasureGroups, 10),
				strconv.FormatInt(r.Persons, 10), strconv.FormatInt(r.Results, 10), errText}); err != nil {
				return err
			}
		}
		return nil
	})
}

func runRunsCompare(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "runs compare")
	configFlags(fs, &cfg, e.getenv)
	format := fs.String("format", "table", "output format: table or csv")
	measure := fs.String("measure", "", "only this measure, e.g. CMS122")
	patients := fs.Bool("patients", false, "list the persons whose populations changed instead of the per-group comparison")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("usage: populace runs compare [flags] RUN_A RUN_B")
	}
	var ids [2]int64
	for i, s := range pos {
		if ids[i], err = strconv.ParseInt(s, 10, 64); err != nil || ids[i] < 1 {
			return usagef("run %q: want a run number (see 'populace runs')", s)
		}
	}
	if err := checkTableFormat(*format); err != nil {
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
	if *measure != "" {
		known, err := measures.Known(ctx, db, *measure)
		if err != nil {
			return err
		}
		if !known {
			return usagef("--measure %q is not in the catalog", *measure)
		}
	}
	if *patients {
		header := []string{"provider", "patient_id", "measure", "group_index", "population", "run_a", "run_b"}
		return writeTable(e.stdout, *format, header, func(emit func([]string) error) error {
			return measures.EachPopulationChange(ctx, db, ids[0], ids[1], *measure, func(c measures.PopulationChange) error {
				return emit([]string{c.Provider, c.PatientID, c.Measure, strconv.Itoa(c.Group), c.Population, bit(c.InA), bit(c.InB)})
			})
		})
	}
	groups, err := measures.CompareRuns(ctx, db, ids[0], ids[1], *measure)
	if err != nil {
		return err
	}
	var header []string
	if *format == "csv" {
		header = []string{"measure", "group_index", "run_a", "run_b"}
		for _, side := range []string{"a", "b", "change"} {
			for _, p := range []string{"initial_population", "denominator", "denominator_exclusion", "denominator_exception", "numerator", "rate"} {
				header = append(header, side+"_"+p)
			}
		}
		header = append(header, "persons_changed")
	} else {
		header = []string{"measure", "group", "initial pop a", "b", "denominator a", "b", "numerator a", "b", "rate a", "rate b", "change", "persons changed"}
	}
	return writeTable(e.stdout, *format, header, func(emit func([]string) error) error {
		for _, g := range groups {
			var rec []string
			if *format == "csv" {
				rec = []string{g.Measure, strconv.Itoa(g.Group), strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)}
				rec = append(rec, countFields(g.A)...)
				rec = append(rec, countFields(g.B)...)
				rec = append(rec,
					diff(g.A.InitialPopulation, g.B.InitialPopulation), diff(g.A.Denominator, g.B.Denominator),
					diff(g.A.Exclusions, g.B.Exclusions), diff(g.A.Exceptions, g.B.Exceptions),
					diff(g.A.Numerator, g.B.Numerator), rateField(g.RateChange(), false),
					strconv.FormatInt(g.PersonsChanged, 10))
			} else {
				rec = []string{g.Measure, strconv.Itoa(g.Group),
					strconv.FormatInt(g.A.InitialPopulation, 10), strconv.FormatInt(g.B.InitialPopulation, 10),
					strconv.FormatInt(g.A.Denominator, 10), strconv.FormatInt(g.B.Denominator, 10),
					strconv.FormatInt(g.A.Numerator, 10), strconv.FormatInt(g.B.Numerator, 10),
					rateField(g.A.Rate, true), rateField(g.B.Rate, true), rateChangeField(g.RateChange()),
					strconv.FormatInt(g.PersonsChanged, 10)}
			}
			if err := emit(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// parseInterspersed parses flags that may come before, between or after positional
// arguments ("compare 3 4 --format csv") and returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func checkTableFormat(format string) error {
	if format != "table" && format != "csv" {
		return usagef("--format %q: supported formats: table, csv", format)
	}
	return nil
}

// writeTable writes a header and the rows fill emits as CSV, or as aligned columns.
func writeTable(w io.Writer, format string, header []string, fill func(emit func([]string) error) error) error {
	bw := bufio.NewWriter(w)
	if format == "csv" {
		cw := csv.NewWriter(bw)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := fill(cw.Write); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return bw.Flush()
	}
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	line := func(rec []string) error {
		_, err := fmt.Fprintln(tw, strings.Join(rec, "\t"))
		return err
	}
	if err := line(header); err != nil {
		return err
	}
	if err := fill(line); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

func countFields(c measures.Counts) []string {
	return []string{strconv.FormatInt(c.InitialPopulation, 10), strconv.FormatInt(c.Denominator, 10),
		strconv.FormatInt(c.Exclusions, 10), strconv.FormatInt(c.Exceptions, 10),
		strconv.FormatInt(c.Numerator, 10), rateField(c.Rate, false)}
}

func diff(a, b int64) string { return strconv.FormatInt(b-a, 10) }

// rateField is a rate as a fraction with 6 decimals (CSV) or a percentage (table); empty or
// "-" when undefined.
func rateField(r *float64, percent bool) string {
	switch {
	case r == nil && percent:
		return "-"
	case r == nil:
		return ""
	case percent:
		return fmt.Sprintf("%.1f%%", *r*100)
	default:
		return strconv.FormatFloat(*r, 'f', 6, 64)
	}
}

func rateChangeField(r *float64) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%+.1f pts", *r*100)
}

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
