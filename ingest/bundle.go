package ingest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// acceptedBundleTypes are the Bundle types whose entries are data to load.
var acceptedBundleTypes = map[string]bool{
	"collection": true, "transaction": true, "batch": true, "searchset": true,
}

// maxResolvedURNs bounds the fullUrl map a Bundle keeps for resolving urn:uuid references
// in the stored JSON (about 100 bytes an entry, so some 13 MB at most).
const maxResolvedURNs = 1 << 17

// parseBundle reads a JSON file holding a Bundle or a single resource and adds its
// resources to c. A Bundle's entry array is decoded one entry at a time, so memory does not
// grow with the Bundle (apart from the fullUrl map below); a lone resource is decoded whole.
//
// urn:uuid references. Entries name themselves by fullUrl and refer to each other by it.
// Reading in one pass, an entry can only be resolved once seen: a reference "urn:uuid:X" to
// an entry seen earlier is rewritten to "Type/id" of that entry (in the stored JSON too); a
// forward reference stays "urn:uuid:X". Core columns take the id part of a reference, and
// for urn:uuid:X that is X: exporters (Synthea among them) give the entry with fullUrl
// urn:uuid:X the id X, and an entry resource without an id gets X as its id, so both ways
// of reading name the same resource. The map holds at most maxResolvedURNs entries (beyond
// that, later references stay urn:uuid:X in the stored JSON; the core columns are the same).
func parseBundle(r io.Reader, c *converter) error {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("reading JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("file is not a JSON object")
	}
	top := map[string]any{}
	streamed := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fmt.Errorf("reading JSON: %w", err)
		}
		key, _ := kt.(string)
		rt, _ := top["resourceType"].(string)
		if key == "entry" && (rt == "" || rt == "Bundle") {
			if typ, ok := top["type"].(string); ok && !acceptedBundleTypes[typ] {
				return bundleTypeError(typ)
			}
			if err := streamEntries(dec, c); err != nil {
				return err
			}
			streamed = true
			continue
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("reading JSON: %w", err)
		}
		top[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("reading JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON object")
	}
	rt, _ := top["resourceType"].(string)
	switch {
	case rt == "Bundle":
		typ, _ := top["type"].(string)
		if !acceptedBundleTypes[typ] {
			return bundleTypeError(typ)
		}
		return nil
	case streamed:
		return errors.New("entry array in a JSON object that is not a Bundle")
	case rt == "":
		return errors.New("JSON object is not a FHIR resource (no resourceType)")
	}
	return c.add(1, top)
}

// knownBundleTypes are the other FHIR R4 Bundle types; only these are named in errors.
var knownBundleTypes = map[string]bool{
	"document": true, "message": true, "history": true, "transaction-response": true,
	"batch-response": true, "subscription-notification": true,
}

func bundleTypeError(typ string) error {
	switch {
	case typ == "":
		return errors.New("bundle has no type")
	case knownBundleTypes[typ]:
		return fmt.Errorf("bundle type %s is not loaded (collection, transaction, batch, searchset are)", typ)
	}
	return errors.New("bundle type is not a FHIR Bundle type")
}

// streamEntries decodes the entry array one entry at a time.
func streamEntries(dec *json.Decoder, c *converter) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("reading entry array: %w", err)
	}
	if tok == nil {
		return nil // "entry": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return errors.New("bundle entry is not an array")
	}
	urns := map[string]string{}
	var n int64
	for dec.More() {
		n++
		var v any
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("reading entry %d: %w", n, err)
		}
		entry, ok := v.(map[string]any)
		if !ok {
			c.reject(n, "", "invalid_json", "entry is not a JSON object")
			continue
		}
		res, ok := entry["resource"].(map[string]any)
		if !ok {
			c.reject(n, "", "unsupported", "entry has no resource")
			continue
		}
		if x, ok := strings.CutPrefix(strOf(entry["fullUrl"]), "urn:uuid:"); ok && x != "" {
			if strOf(res["id"]) == "" {
				res["id"] = x
			}
			rt, id := strOf(res["resourceType"]), strOf(res["id"])
			if rt != "" && len(urns) < maxResolvedURNs {
				urns["urn:uuid:"+x] = rt + "/" + id
			}
		}
		resolveURNs(res, urns)
		if err := c.add(n, res); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("reading entry array: %w", err)
	}
	return nil
}

// resolveURNs rewrites every reference "urn:uuid:X" found in urns to "Type/id".
func resolveURNs(v any, urns map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				if k == "reference" && strings.HasPrefix(s, "urn:uuid:") {
					if to, ok := urns[s]; ok {
						x[k] = to
					}
				}
				continue
			}
			resolveURNs(e, urns)
		}
	case []any:
		for _, e := range x {
			resolveURNs(e, urns)
		}
	}
}
