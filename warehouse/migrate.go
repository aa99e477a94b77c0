package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	sqltext "populace/sql"
)

// A migration is one numbered file under sql/schema: NNNN_name.sql.
type migration struct {
	version int
	name    string
	text    string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(sqltext.FS, "schema")
	if err != nil {
		return nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		text, err := fs.ReadFile(sqltext.FS, path.Join("schema", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), text: string(text)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// migrate applies every migration not yet recorded, in number order, each in its own
// transaction together with the record of it. Numbers need not be consecutive: work
// developed in parallel takes separate ranges, and a lower number landing later still runs.
func (db *DB) migrate(ctx context.Context) error {
	migs, err := loadMigrations()
	if err != nil {
		return err
	}
	return db.apply(ctx, migs)
}

func (db *DB) apply(ctx context.Context, migs []migration) error {
	if _, err := db.sql.ExecContext(ctx, `create table if not exists main.schema_migration (
		version integer primary key, name varchar not null, applied_at timestamp not null default current_timestamp)`); err != nil {
		return fmt.Errorf("creating migration ledger: %w", err)
	}
	applied := map[int]bool{}
	err := db.Each(ctx, `select version from main.schema_migration`, nil, func(rows *sql.Rows) error {
		var v int
		if err := rows.Scan(&v); err != nil {
			return err
		}
		applied[v] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading applied migrations: %w", err)
	}
	for _, m := range migs {
		if applied[m.version] {
			continue
		}
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.text); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `insert into main.schema_migration (version, name) values (?, ?)`, m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("applying migration %s: %w", m.name, err)
		}
	}
	return nil
}
