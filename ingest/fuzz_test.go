package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// parseOnly runs a parser into a converter whose batches are checked and dropped.
func parseOnly(t testing.TB, parse func(c *converter) error) *converter {
	c := newConverter(t.Context(), Options{BatchRows: 3}, func(table string, rec arrow.RecordBatch) error {
		if rec.NumRows() == 0 {
			t.Errorf("empty batch for %s", table)
		}
		return nil
	})
	t.Cleanup(c.release)
	if err := parse(c); err == nil {
		if err := c.flush(); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func addSeedFiles(f *testing.F, pattern string) {
	files, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzNDJSON(f *testing.F) {
	addSeedFiles(f, filepath.Join("testdata", "bad", "*.ndjson"))
	f.Add([]byte(`{"resourceType":"Observation","id":"a","subject":{"reference":"Patient/p"},"valueRange":{"low":{"value":1}},"component":[{"valueQuantity":{"value":2,"code":"mm[Hg]"}}]}`))
	f.Add([]byte(`{"resourceType":"Condition","id":"c","subject":{"reference":"urn:uuid:x"},"onsetAge":{"value":3,"code":"wk"},"abatementRange":{"low":{"value":1,"unit":"a"}}}` + "\n\n"))
	f.Add([]byte(`{"resourceType":"MedicationRequest","id":"m","subject":{"reference":"Patient/p"},"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00"]}},"doseAndRate":[{"doseRange":{"high":{"value":2}}}]}]}`))
	f.Add([]byte(`{"resourceType":"Patient","id":"p","contained":[{"resourceType":"Patient","id":"q","name":[{"family":"x"}]}],"address":{"postalCode":"12345"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := parseOnly(t, func(c *converter) error { return parseNDJSON(bytes.NewReader(data), "", c) })
		for _, r := range c.rejects {
			if r.Line < 1 || r.Code == "" || r.Reason == "" {
				t.Errorf("reject without line or reason: %+v", r)
			}
		}
	})
}

func FuzzBundle(f *testing.F) {
	addSeedFiles(f, filepath.Join("testdata", "bad", "*.json"))
	f.Add([]byte(`{"entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient"}}],"resourceType":"Bundle","type":"batch"}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Encounter","id":"e","subject":{"reference":"urn:uuid:1"},"class":[{"coding":[{"code":"AMB"}]}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseOnly(t, func(c *converter) error { return parseBundle(bytes.NewReader(data), c) })
	})
}

// FuzzDeidentify checks, for any JSON object, that Deidentify leaves no free-text or
// contact key anywhere, no identifier outside the resources allowed one, and no Patient
// name, and that a second pass changes nothing.
func FuzzDeidentify(f *testing.F) {
	f.Add([]byte(compactJSON(deidPatient())))
	f.Add([]byte(compactJSON(deidObservation())))
	f.Add([]byte(`{"resourceType":"Patient","extension":{"url":"x","valueString":"s"},"identifier":{"value":"1"}}`))
	f.Add([]byte(`{"resourceType":"Claim","patient":{"reference":"Patient/1","display":"n","identifier":{"value":"v"}},"item":[{"text":"t"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ok := decodeObject(data)
		if !ok {
			return
		}
		rt, _ := m["resourceType"].(string)
		Deidentify(rt, m, "urn:link")
		checkDeidentified(t, rt, m, true)
		once, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		Deidentify(rt, m, "urn:link")
		twice, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once, twice) {
			t.Errorf("second pass changed\n%s\nto\n%s", once, twice)
		}
	})
}

func compactJSON(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkDeidentified(t *testing.T, rt string, v any, top bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if freeTextKeys[k] {
				t.Errorf("%s keeps %q", rt, k)
			}
			if k == "identifier" && !(top && (rt == "Patient" || rt == "Practitioner" || rt == "Organization" || rt == "Location")) {
				t.Errorf("%s keeps a nested or disallowed identifier", rt)
			}
			if top && k == "name" && (rt == "Patient" || rt == "RelatedPerson" || rt == "Person") {
				t.Errorf("%s keeps its name", rt)
			}
			if k == "contained" {
				for _, c := range list(e) {
					crt, _ := obj(c)["resourceType"].(string)
					checkDeidentified(t, crt, c, true)
				}
				continue
			}
			checkDeidentified(t, rt, e, false)
		}
	case []any:
		for _, e := range x {
			checkDeidentified(t, rt, e, false)
		}
	}
}
