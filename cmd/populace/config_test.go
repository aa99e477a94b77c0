package main

import (
	"strings"
	"testing"
)

// The commands that only load files default to a small DuckDB memory cap (so the process
// stays under 1 GiB); a compute keeps the large one; the environment overrides both.
func TestMemoryLimitDefaults(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"ingest", "--help"}, "", `(default "256MB")`},
		{[]string{"feeds", "run", "--help"}, "", `(default "256MB")`},
		{[]string{"compute", "--help"}, "", `(default "6GB")`},
		{[]string{"serve", "--help"}, "", `(default "6GB")`},
		{[]string{"ingest", "--help"}, "2GB", `(default "2GB")`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.env, func(t *testing.T) {
			_, _, stderr := populace(t, map[string]string{"POPULACE_MEMORY_LIMIT": tt.env}, tt.args...)
			i := strings.Index(stderr, "-memory-limit")
			if i < 0 {
				t.Fatalf("no -memory-limit flag in the usage:\n%s", stderr)
			}
			line := stderr[i:]
			if j := strings.Index(line, "\n  -"); j >= 0 {
				line = line[:j]
			}
			if !strings.Contains(line, tt.want) {
				t.Errorf("memory limit flag says %q, want %s", line, tt.want)
			}
		})
	}
}

// The commands that only load files default to one DuckDB thread; the others keep DuckDB's
// default (0: one per core); the environment overrides both.
func TestThreadsDefaults(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"ingest", "--help"}, "", `(default 1)`},
		{[]string{"feeds", "run", "--help"}, "", `(default 1)`},
		{[]string{"compute", "--help"}, "", `one per core (POPULACE_THREADS)`},
		{[]string{"serve", "--help"}, "", `one per core (POPULACE_THREADS)`},
		{[]string{"ingest", "--help"}, "2", `(default 2)`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.env, func(t *testing.T) {
			_, _, stderr := populace(t, map[string]string{"POPULACE_THREADS": tt.env}, tt.args...)
			i := strings.Index(stderr, "-threads")
			if i < 0 {
				t.Fatalf("no -threads flag in the usage:\n%s", stderr)
			}
			line := stderr[i:]
			if j := strings.Index(line, "\n  -"); j >= 0 {
				line = line[:j]
			}
			if !strings.Contains(line, tt.want) {
				t.Errorf("threads flag says %q, want %s", line, tt.want)
			}
			if tt.want == `one per core (POPULACE_THREADS)` && strings.Contains(line, "(default") {
				t.Errorf("threads flag of %v has a default: %q", tt.args, line)
			}
		})
	}
}
