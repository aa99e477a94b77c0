package main

import (
	"bytes"
	"fmt"
	"os"

	"populace/ingest"
)

// minSecretBytes is the shortest linkage secret accepted: a short key makes the tokens of
// known names and birth dates guessable.
const minSecretBytes = 16

// ingestOptions builds the options every load uses from the configuration, reading the
// linkage secret file. Errors never quote the secret.
func (c Config) ingestOptions() (ingest.Options, error) {
	opt := ingest.Options{LinkageSystem: c.LinkageSystem, DatePolicy: c.DatePolicy,
		MaxRejectShare: c.MaxRejectShare, Strict: c.Strict}
	if err := opt.Validate(); err != nil {
		return opt, usagef("--date-policy: %v", err)
	}
	if c.LinkageSecretFile == "" {
		return opt, nil
	}
	b, err := os.ReadFile(c.LinkageSecretFile)
	if err != nil {
		return opt, fmt.Errorf("reading --linkage-secret-file: %w", err)
	}
	b = bytes.TrimSpace(b)
	if len(b) < minSecretBytes {
		return opt, usagef("--linkage-secret-file: the secret must be at least %d bytes", minSecretBytes)
	}
	opt.LinkageSecret = b
	return opt, nil
}
