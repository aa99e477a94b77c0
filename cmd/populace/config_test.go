package main

import (
	"strings"
	"testing"
)

// The commands that only load files default to a small DuckDB memory cap (so the process
// stays under 1 GiB) and one DuckDB thread; a compute and serve keep the large cap and
// DuckDB's threads (no default shown: 0, one per core); the environment overrides both.
func TestLoadDefaults(t *testing.T) {
	tests := []struct {
		args      []string
		flag, env string // the flag and its environment variable
		value     string // the environment variable's value, "" for unset
		want      string // in the flag's usage line
	}{
		{[]string{"ingest", "--help"}, "memory-limit", "POPULACE_MEMORY_LIMIT", "", `(default "256MB")`},
		{[]string{"feeds", "run", "--help"}, "memory-limit", "POPULACE_MEMORY_LIMIT", "", `(default "256MB")`},
		{[]string{"compute", "--help"}, "memory-limit", "POPULACE_MEMORY_LIMIT", "", `(default "5.5GB")`},
		{[]string{"serve", "--help"}, "memory-limit", "POPULACE_MEMORY_LIMIT", "", `(default "5.5GB")`},
		{[]string{"ingest", "--help"}, "memory-limit", "POPULACE_MEMORY_LIMIT", "2GB", `(default "2GB")`},
		{[]string{"ingest", "--help"}, "threads", "POPULACE_THREADS", "", `(default 1)`},
		{[]string{"feeds", "run", "--help"}, "threads", "POPULACE_THREADS", "", `(default 1)`},
		{[]string{"compute", "--help"}, "threads", "POPULACE_THREADS", "", `one per core (POPULACE_THREADS)`},
		{[]string{"serve", "--help"}, "threads", "POPULACE_THREADS", "", `one per core (POPULACE_THREADS)`},
		{[]string{"ingest", "--help"}, "threads", "POPULACE_THREADS", "2", `(default 2)`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.flag+"="+tt.value, func(t *testing.T) {
			_, _, stderr := populace(t, map[string]string{tt.env: tt.value}, tt.args...)
			i := strings.Index(stderr, "-"+tt.flag+" ")
			if i < 0 {
				t.Fatalf("no -%s flag in the usage:\n%s", tt.flag, stderr)
			}
			line := stderr[i:]
			if j := strings.Index(line, "\n  -"); j >= 0 {
				line = line[:j]
			}
			if !strings.Contains(line, tt.want) {
				t.Errorf("-%s says %q, want %s", tt.flag, line, tt.want)
			}
			if !strings.HasPrefix(tt.want, "(default") && strings.Contains(line, "(default") {
				t.Errorf("-%s of %v shows a default: %q", tt.flag, tt.args, line)
			}
		})
	}
}
