package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"populace/ingest"
)

// maxRejectLines is how many rejected records the summary lists one by one per file; the
// rest are in meta.ingest_reject.
const maxRejectLines = 20

// printIngest writes the ingest summary: a table of the files (status, resources,
// rejected records, versions not kept), the file errors and rejected records with file, line
// and reason code, the resources by type and the rejects by reason over all files, and a
// closing line of totals.
func printIngest(w io.Writer, provider string, results []ingest.FileResult) {
	var loaded, skipped, rejected, resources, records int64
	byType, byCode := map[string]int64{}, map[string]int64{}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "STATUS\tFILE\tRESOURCES\tREJECTED\tNOT KEPT\t")
	for _, r := range results {
		n := total(r.Resources)
		resources += n
		records += int64(len(r.Rejects))
		switch r.Status {
		case ingest.StatusLoaded:
			loaded++
		case ingest.StatusSkipped:
			skipped++
		default:
			rejected++
		}
		for t, c := range r.Resources {
			byType[t] += c
		}
		for _, rj := range r.Rejects {
			byCode[rj.Code]++
		}
		status := r.Status
		if r.Status == ingest.StatusSkipped {
			status = "already loaded"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t\n", status, r.Name, n, len(r.Rejects), r.Superseded+r.Stale)
	}
	tw.Flush()
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(w, "%v\n", r.Err)
		}
		for i, rj := range r.Rejects {
			if i == maxRejectLines {
				fmt.Fprintf(w, "%s: ... and %d more rejected records (see meta.ingest_reject)\n", r.Name, len(r.Rejects)-maxRejectLines)
				break
			}
			fmt.Fprintf(w, "%s:%d: %s: %s\n", r.Name, rj.Line, rj.Code, rj.Reason)
		}
	}
	printCounts(w, "RESOURCE TYPE", "LOADED", byType)
	printCounts(w, "REJECT REASON", "RECORDS", byCode)
	fmt.Fprintf(w, "provider %s: %d files loaded, %d already loaded, %d rejected; %d resources loaded, %d records rejected\n",
		provider, loaded, skipped, rejected, resources, records)
}

// printCounts writes a two-column table of counts by key, largest first.
func printCounts(w io.Writer, key, value string, counts map[string]int64) {
	if len(counts) == 0 {
		return
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\n", key, value)
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\n", k, thousands(counts[k]))
	}
	tw.Flush()
}
