package measures

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	sqltext "populace/sql"
)

// queryText returns the statement in sql/queries/<name>.sql.
func queryText(name string) (string, error) {
	b, err := fs.ReadFile(sqltext.FS, path.Join("queries", name+".sql"))
	if err != nil {
		return "", fmt.Errorf("reading query %s: %w", name, err)
	}
	return strings.TrimRight(strings.TrimSpace(string(b)), ";"), nil
}

// loadChecksIn reads the checks of a folder under sql/checks (e.g. after_history).
func loadChecksIn(dir string) ([]check, error) {
	entries, err := fs.ReadDir(sqltext.FS, path.Join("checks", dir))
	if err != nil {
		return nil, fmt.Errorf("reading checks/%s: %w", dir, err)
	}
	var out []check
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		text, err := fs.ReadFile(sqltext.FS, path.Join("checks", dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading check %s: %w", e.Name(), err)
		}
		out = append(out, check{Name: dir + "/" + strings.TrimSuffix(e.Name(), ".sql"), SQL: strings.TrimRight(strings.TrimSpace(string(text)), ";")})
	}
	return out, nil
}
