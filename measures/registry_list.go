package measures

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"populace/warehouse"
)

// RegistryFilter narrows the registry rows written.
type RegistryFilter struct {
	Condition string // a condition key (diabetes) as ResolveCondition returns it; "" = all
	Ever      bool   // also persons ever diagnosed who are not on the registry now
}

// ErrUnknownCondition reports a condition name that is not in ref.registry_condition.
var ErrUnknownCondition = errors.New("unknown registry condition")

// ResolveCondition returns the key of the condition named by key or name, in any case.
func ResolveCondition(ctx context.Context, db *warehouse.DB, name string) (string, error) {
	q, err := queryText("registry_condition_lookup")
	if err != nil {
		return "", err
	}
	var key string
	err = db.SQL().QueryRowContext(ctx, q, name, name).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrUnknownCondition
	}
	if err != nil {
		return "", fmt.Errorf("looking up condition: %w", err)
	}
	return key, nil
}

// WriteRegistryCSV writes the registry rows of the latest successful compute as CSV with a
// header row (the columns of sql/queries/registry_list.sql).
func WriteRegistryCSV(ctx context.Context, db *warehouse.DB, w io.Writer, f RegistryFilter) error {
	if err := requireBuilt(ctx, db); err != nil {
		return err
	}
	if err := writeQueryCSV(ctx, db, w, "registry_list", []any{f.Condition, f.Condition, f.Ever}); err != nil {
		return fmt.Errorf("writing registry: %w", err)
	}
	return nil
}

// WriteRegistrySummaryCSV writes per condition the registry and ever-diagnosed counts,
// the persons excluded, and the open gaps of the latest successful compute.
func WriteRegistrySummaryCSV(ctx context.Context, db *warehouse.DB, w io.Writer) error {
	if err := requireBuilt(ctx, db); err != nil {
		return err
	}
	if err := writeQueryCSV(ctx, db, w, "registry_summary", nil); err != nil {
		return fmt.Errorf("writing registry summary: %w", err)
	}
	return nil
}
