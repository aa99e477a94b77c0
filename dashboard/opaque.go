package dashboard

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"populace/warehouse"
)

// Opaque ids: person_id values hold provider patient ids ('p:prov/id') or linkage tokens
// ('t:...'), and gap keys hold person ids, so neither may appear in a URL. Pages address a
// person or a gap by the first 32 hex digits of sha256(secret | kind | value), keyed by the
// dashboard's secret (meta.dashboard_secret, made on first start). Finding a person or gap by
// its id computes the same digest: in memory, once per run (opaque_lookup.go), and in SQL for
// the bulk assignment (worklist_keys.sql).

const opaqueLen = 32

// loadSecret returns the dashboard's secret, creating it on first start.
func loadSecret(ctx context.Context, db *warehouse.DB, q workQueries) (string, error) {
	var secret string
	err := db.SQL().QueryRowContext(ctx, q.secret).Scan(&secret)
	if err == nil {
		return secret, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("reading the dashboard secret: %w", err)
	}
	secret = randomToken()
	if _, err := db.SQL().ExecContext(ctx, q.secretInsert, secret, time.Now().UTC()); err != nil {
		return "", fmt.Errorf("storing the dashboard secret: %w", err)
	}
	return secret, nil
}

func (s *Server) opaque(kind, value string) string {
	sum := sha256.Sum256([]byte(s.secret + "|" + kind + "|" + value))
	return hex.EncodeToString(sum[:])[:opaqueLen]
}

// personRef is the opaque id of a person, for /people/{id}.
func (s *Server) personRef(personID string) string { return s.opaque("person", personID) }

// gapRef is the opaque id of a care gap, for /worklist/{id}.
func (s *Server) gapRef(gapKey string) string { return s.opaque("gap", gapKey) }

// validRef reports whether id looks like an opaque id (so it is never passed on otherwise).
func validRef(id string) bool {
	if len(id) != opaqueLen {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}
