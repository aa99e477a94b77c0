package synth

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Coding is one code from a code system, as it appears in a value-set expansion.
type Coding struct{ System, Code, Display string }

// CodeSet maps a value-set canonical URL to the codes the generator may draw from.
type CodeSet map[string][]Coding

// Code systems the generator writes.
const (
	systemICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	systemSNOMED  = "http://snomed.info/sct"
	systemLOINC   = "http://loinc.org"
	systemCPT     = "http://www.ama-assn.org/go/cpt"
	systemHCPCS   = "http://www.nlm.nih.gov/research/umls/hcpcs"
	systemRxNorm  = "http://www.nlm.nih.gov/research/umls/rxnorm"
	systemCVX     = "http://hl7.org/fhir/sid/cvx"
)

//go:embed starter_valuesets.json
var starterValueSets []byte

// StarterValueSets returns the embedded starter set: a FHIR Bundle (type collection) of
// ValueSet resources, each listing a few well-known public codes in both compose.include and
// expansion.contains. See the package comment for what it is and is not.
func StarterValueSets() []byte { return slices.Clone(starterValueSets) }

// StarterCodes parses the starter set into a CodeSet.
func StarterCodes() (CodeSet, error) {
	cs, err := ParseValueSetBundle(starterValueSets)
	if err != nil {
		return nil, fmt.Errorf("parsing the starter value sets: %w", err)
	}
	return cs, nil
}

// ParseValueSetBundle reads a FHIR Bundle of ValueSet resources (or a single ValueSet) and
// returns their expansions (expansion.contains, falling back to compose.include.concept) keyed
// by url.
func ParseValueSetBundle(data []byte) (CodeSet, error) {
	type concept struct {
		System  string `json:"system"`
		Code    string `json:"code"`
		Display string `json:"display"`
	}
	type valueSet struct {
		ResourceType string `json:"resourceType"`
		URL          string `json:"url"`
		Compose      struct {
			Include []struct {
				System  string    `json:"system"`
				Concept []concept `json:"concept"`
			} `json:"include"`
		} `json:"compose"`
		Expansion struct {
			Contains []concept `json:"contains"`
		} `json:"expansion"`
	}
	var doc struct {
		valueSet
		Entry []struct {
			Resource valueSet `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("decoding value sets: %w", err)
	}
	var sets []valueSet
	switch doc.ResourceType {
	case "Bundle":
		for _, e := range doc.Entry {
			sets = append(sets, e.Resource)
		}
	case "ValueSet":
		sets = append(sets, doc.valueSet)
	default:
		return nil, fmt.Errorf("decoding value sets: resourceType %q is neither Bundle nor ValueSet", doc.ResourceType)
	}
	cs := CodeSet{}
	for i, vs := range sets {
		if vs.ResourceType != "ValueSet" || vs.URL == "" {
			return nil, fmt.Errorf("decoding value sets: entry %d is not a ValueSet with a url", i)
		}
		var codes []Coding
		for _, c := range vs.Expansion.Contains {
			codes = append(codes, Coding{System: c.System, Code: c.Code, Display: c.Display})
		}
		if len(codes) == 0 {
			for _, inc := range vs.Compose.Include {
				for _, c := range inc.Concept {
					codes = append(codes, Coding{System: inc.System, Code: c.Code, Display: c.Display})
				}
			}
		}
		cs[vs.URL] = append(cs[vs.URL], codes...)
	}
	return cs, nil
}

// maxPalette bounds how many codes of a large imported value set the generator uses: enough
// variety for realistic data, few enough to stay well-known and deterministic.
const maxPalette = 8

// palette picks the codes to draw from for one value set, restricted to the given code
// systems (in order of preference). Codes that are also in the starter set come first (they
// are the well-known ones); the rest follow sorted by system and code. The result depends only
// on the inputs, never on map order, so output stays deterministic for a seed.
func palette(codes CodeSet, starter CodeSet, url string, systems ...string) []Coding {
	allowed := func(c Coding) bool { return c.Code != "" && slices.Contains(systems, c.System) }
	known := map[Coding]bool{}
	for _, c := range starter[url] {
		known[Coding{System: c.System, Code: c.Code}] = true
	}
	var picked, rest []Coding
	seen := map[Coding]bool{}
	for _, c := range codes[url] {
		key := Coding{System: c.System, Code: c.Code}
		if !allowed(c) || seen[key] {
			continue
		}
		seen[key] = true
		if known[key] {
			picked = append(picked, c)
		} else {
			rest = append(rest, c)
		}
	}
	byCode := func(a, b Coding) int {
		ia, ib := slices.Index(systems, a.System), slices.Index(systems, b.System)
		if ia != ib {
			return ia - ib
		}
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(a.Display, b.Display)
	}
	slices.SortFunc(picked, byCode)
	slices.SortFunc(rest, byCode)
	out := append(picked, rest...)
	if len(out) > maxPalette {
		out = out[:maxPalette]
	}
	return out
}
