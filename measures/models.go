// Package measures owns the catalog of quality measures and the runner that builds their SQL
// models in dependency order for a set of measurement periods, checks the invariants, and
// keeps every run's results. Who is in which population is decided only in SQL (sql/).
package measures

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	sqltext "populace/sql"
)

// modelRoots are the folders of sql/ whose files are models; the folder is the schema.
var modelRoots = []string{"core", "measures", "registries", "gaps"}

// A model is one SQL file: a single select that builds the relation Name.
type model struct {
	Name string // schema.relation
	File string // path within sql/
	SQL  string
	Deps []string
	// Published models are tables of the warehouse that outlive the build (a "-- Published:"
	// line in the file's header); the others are intermediate steps (see buildModels).
	Published bool
	// Network models are built once after every person slice, from what the slices kept (a
	// "-- Network:" line in the header): they aggregate across persons (buildPlan).
	Network bool
}

// A check is a select in sql/checks that returns offending rows.
type check struct {
	Name string
	SQL  string
}

var (
	publishedMarker = regexp.MustCompile(`(?m)^-- Published:`)
	networkMarker   = regexp.MustCompile(`(?m)^-- Network:`)
)

var relationRef = regexp.MustCompile(`\b(core|measures|registries|gaps|meta|ref|raw)\.([a-z0-9_]+)\b`)

// loadModels reads every model and orders them so that each comes after the models it reads.
func loadModels() ([]model, error) {
	byName := map[string]*model{}
	for _, root := range modelRoots {
		err := fs.WalkDir(sqltext.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
				return err
			}
			text, err := fs.ReadFile(sqltext.FS, p)
			if err != nil {
				return err
			}
			name := root + "." + strings.TrimSuffix(path.Base(p), ".sql")
			if prev, ok := byName[name]; ok {
				return fmt.Errorf("model %s is defined twice: %s and %s", name, prev.File, p)
			}
			byName[name] = &model{
				Name:      name,
				File:      p,
				SQL:       strings.TrimRight(strings.TrimSpace(string(text)), ";"),
				Published: publishedMarker.Match(text),
				Network:   networkMarker.Match(text),
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading models under sql/%s: %w", root, err)
		}
	}
	for _, m := range byName {
		seen := map[string]bool{}
		for _, ref := range relationRef.FindAllString(stripComments(m.SQL), -1) {
			if _, ok := byName[ref]; ok && ref != m.Name && !seen[ref] {
				seen[ref] = true
				m.Deps = append(m.Deps, ref)
			}
		}
		sort.Strings(m.Deps)
	}
	return topoSort(byName)
}

// topoSort orders models by dependency, breaking ties by name so builds are repeatable.
func topoSort(byName map[string]*model) ([]model, error) {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var order []model
	var visit func(n string, stack []string) error
	visit = func(n string, stack []string) error {
		switch state[n] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("models depend on each other in a cycle: %s", strings.Join(append(stack, n), " -> "))
		}
		state[n] = visiting
		for _, d := range byName[n].Deps {
			if err := visit(d, append(stack, n)); err != nil {
				return err
			}
		}
		state[n] = done
		order = append(order, *byName[n])
		return nil
	}
	for _, n := range names {
		if err := visit(n, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}

func loadChecks() ([]check, error) {
	entries, err := fs.ReadDir(sqltext.FS, "checks")
	if err != nil {
		return nil, fmt.Errorf("reading checks: %w", err)
	}
	var out []check
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		text, err := fs.ReadFile(sqltext.FS, path.Join("checks", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading check %s: %w", e.Name(), err)
		}
		out = append(out, check{Name: strings.TrimSuffix(e.Name(), ".sql"), SQL: strings.TrimRight(strings.TrimSpace(string(text)), ";")})
	}
	return out, nil
}

// stripComments removes -- line comments so that a relation named in a comment is not
// taken for a dependency.
func stripComments(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
