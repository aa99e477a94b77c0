package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ValueSet is one FHIR ValueSet's codes, keyed by canonical URL and version.
type ValueSet struct {
	URL, Version, OID, Name, Title string
	Source                         string // expansion | compose
	Codes                          []Code
}

// Code is one member of a value set.
type Code struct{ System, Code, Display string }

// ReplaceValueSets stores value sets, each replacing any earlier import of the same URL and
// version, all in one transaction.
func (db *DB) ReplaceValueSets(ctx context.Context, sets []ValueSet) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		now := time.Now().UTC()
		for _, vs := range sets {
			if _, err := tx.ExecContext(ctx, `delete from ref.valueset_code where url = ? and version = ?`, vs.URL, vs.Version); err != nil {
				return fmt.Errorf("replacing value set %s: %w", vs.URL, err)
			}
			if _, err := tx.ExecContext(ctx, `delete from ref.valueset where url = ? and version = ?`, vs.URL, vs.Version); err != nil {
				return fmt.Errorf("replacing value set %s: %w", vs.URL, err)
			}
			if _, err := tx.ExecContext(ctx, `insert into ref.valueset values (?, ?, ?, ?, ?, ?, ?, ?)`,
				vs.URL, vs.Version, nullable(vs.OID), nullable(vs.Name), nullable(vs.Title), vs.Source, len(vs.Codes), now); err != nil {
				return fmt.Errorf("storing value set %s: %w", vs.URL, err)
			}
			if err := insertCodes(ctx, tx, vs); err != nil {
				return fmt.Errorf("storing codes of value set %s: %w", vs.URL, err)
			}
		}
		return nil
	})
}

// insertCodes writes codes in multi-row inserts of bound values.
func insertCodes(ctx context.Context, tx *sql.Tx, vs ValueSet) error {
	const chunk = 500
	for lo := 0; lo < len(vs.Codes); lo += chunk {
		hi := min(lo+chunk, len(vs.Codes))
		var b strings.Builder
		b.WriteString(`insert into ref.valueset_code (url, version, system, code, display) values `)
		args := make([]any, 0, (hi-lo)*5)
		for i, c := range vs.Codes[lo:hi] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, vs.URL, vs.Version, c.System, c.Code, nullable(c.Display))
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// ValueSetCodes returns the codes of every imported value set by canonical URL (all
// versions together), sorted by system and code.
func (db *DB) ValueSetCodes(ctx context.Context) (map[string][]Code, error) {
	out := map[string][]Code{}
	err := db.Each(ctx, `select distinct url, system, code, coalesce(display, '') from ref.valueset_code order by url, system, code`, nil,
		func(rows *sql.Rows) error {
			var url string
			var c Code
			if err := rows.Scan(&url, &c.System, &c.Code, &c.Display); err != nil {
				return err
			}
			out[url] = append(out[url], c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading value set codes: %w", err)
	}
	return out, nil
}
