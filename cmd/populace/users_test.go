package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsersAdd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("a long enough password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := populace(t, env, "users", "add", "carol", "--role", "care_coordinator", "--providers", "prov-01,prov-02", "--password-file", pw)
	if code != 0 || !strings.Contains(stdout, "added carol (care_coordinator)") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, stderr := populace(t, env, "users", "add", "carol", "--role", "executive", "--password-file", pw); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("adding carol twice: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{
		{"users", "add", "dave", "--role", "boss", "--password-file", pw},
		{"users", "add", "dave", "--role", "executive", "--providers", "prov-01", "--password-file", pw},
		{"users", "add", "--role", "executive"},
		{"users", "list"},
	} {
		if code, _, _ := populace(t, env, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	stdin = strings.NewReader("another long password\n")
	t.Cleanup(func() { stdin = os.Stdin })
	if code, _, stderr := populace(t, env, "users", "add", "erin", "--role", "administrator"); code != 0 {
		t.Errorf("password on stdin: exit %d: %s", code, stderr)
	}
}
