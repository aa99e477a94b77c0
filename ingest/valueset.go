package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"populace/warehouse"
)

// valueSetJSON is the part of a FHIR ValueSet (or a Bundle of them) that import reads.
type valueSetJSON struct {
	ResourceType string `json:"resourceType"`
	URL          string `json:"url"`
	Version      string `json:"version"`
	Name         string `json:"name"`
	Title        string `json:"title"`
	Identifier   []struct {
		System string `json:"system"`
		Value  string `json:"value"`
	} `json:"identifier"`
	Expansion *struct {
		Contains []expansionCode `json:"contains"`
	} `json:"expansion"`
	Compose *struct {
		Include []struct {
			System  string `json:"system"`
			Concept []struct {
				Code    string `json:"code"`
				Display string `json:"display"`
			} `json:"concept"`
		} `json:"include"`
	} `json:"compose"`
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

type expansionCode struct {
	System   string          `json:"system"`
	Code     string          `json:"code"`
	Display  string          `json:"display"`
	Abstract bool            `json:"abstract"`
	Contains []expansionCode `json:"contains"`
}

// ImportValueSets reads FHIR ValueSet JSON from files, folders (recursively; *.json and
// *.json.gz) or Bundles of ValueSets, and stores each keyed by canonical URL and version.
// Codes come from expansion.contains (nested entries included), else from
// compose.include.concept. It returns the number of value sets stored.
func ImportValueSets(ctx context.Context, db *warehouse.DB, paths []string) (int, error) {
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".json.gz")) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("reading value sets in %s: %w", p, err)
		}
	}
	sort.Strings(files)
	var sets []warehouse.ValueSet
	for _, f := range files {
		data, err := readMaybeGzip(f)
		if err != nil {
			return 0, fmt.Errorf("reading value set file %s: %w", f, err)
		}
		vs, err := ParseValueSets(data)
		if err != nil {
			return 0, fmt.Errorf("parsing value set file %s: %w", f, err)
		}
		sets = append(sets, vs...)
	}
	if len(sets) == 0 {
		return 0, fmt.Errorf("no ValueSet resources found in %s", strings.Join(paths, ", "))
	}
	if err := db.ReplaceValueSets(ctx, sets); err != nil {
		return 0, err
	}
	return len(sets), nil
}

// ImportValueSetBytes stores the value sets in one JSON document (a ValueSet or a Bundle).
func ImportValueSetBytes(ctx context.Context, db *warehouse.DB, data []byte) (int, error) {
	sets, err := ParseValueSets(data)
	if err != nil {
		return 0, err
	}
	if err := db.ReplaceValueSets(ctx, sets); err != nil {
		return 0, err
	}
	return len(sets), nil
}

func readMaybeGzip(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// ParseValueSets parses a ValueSet, or a Bundle whose entries include ValueSets.
func ParseValueSets(data []byte) ([]warehouse.ValueSet, error) {
	var doc valueSetJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	switch doc.ResourceType {
	case "ValueSet":
		vs, err := toValueSet(doc)
		if err != nil {
			return nil, err
		}
		return []warehouse.ValueSet{vs}, nil
	case "Bundle":
		var out []warehouse.ValueSet
		for i, e := range doc.Entry {
			var r valueSetJSON
			if err := json.Unmarshal(e.Resource, &r); err != nil {
				return nil, fmt.Errorf("decoding Bundle entry %d: %w", i, err)
			}
			if r.ResourceType != "ValueSet" {
				continue
			}
			vs, err := toValueSet(r)
			if err != nil {
				return nil, fmt.Errorf("Bundle entry %d: %w", i, err)
			}
			out = append(out, vs)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("resourceType %q is not a ValueSet or Bundle", doc.ResourceType)
	}
}

func toValueSet(doc valueSetJSON) (warehouse.ValueSet, error) {
	if doc.URL == "" {
		return warehouse.ValueSet{}, errors.New("ValueSet has no canonical url")
	}
	vs := warehouse.ValueSet{URL: doc.URL, Version: doc.Version, Name: doc.Name, Title: doc.Title}
	for _, id := range doc.Identifier {
		if id.System == "urn:ietf:rfc:3986" && strings.HasPrefix(id.Value, "urn:oid:") {
			vs.OID = strings.TrimPrefix(id.Value, "urn:oid:")
		}
	}
	if vs.OID == "" {
		if i := strings.LastIndex(doc.URL, "/"); i >= 0 && looksLikeOID(doc.URL[i+1:]) {
			vs.OID = doc.URL[i+1:]
		}
	}
	seen := map[[2]string]bool{}
	add := func(system, code, display string) {
		k := [2]string{system, code}
		if code == "" || seen[k] {
			return
		}
		seen[k] = true
		vs.Codes = append(vs.Codes, warehouse.Code{System: system, Code: code, Display: display})
	}
	if doc.Expansion != nil && len(doc.Expansion.Contains) > 0 {
		vs.Source = "expansion"
		var walk func([]expansionCode)
		walk = func(cs []expansionCode) {
			for _, c := range cs {
				if !c.Abstract {
					add(c.System, c.Code, c.Display)
				}
				walk(c.Contains)
			}
		}
		walk(doc.Expansion.Contains)
	} else if doc.Compose != nil {
		vs.Source = "compose"
		for _, inc := range doc.Compose.Include {
			for _, c := range inc.Concept {
				add(inc.System, c.Code, c.Display)
			}
		}
	}
	if vs.Source == "" {
		return vs, fmt.Errorf("ValueSet %s has neither expansion.contains nor compose.include.concept", doc.URL)
	}
	return vs, nil
}

func looksLikeOID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return strings.Contains(s, ".")
}
