package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadECQMTestPatients loads the official test patients and checks that every line of
// every file became one raw.resource row and one row of its core table.
func TestLoadECQMTestPatients(t *testing.T) {
	for _, measure := range []string{"CMS122", "CMS165", "CMS347", "CMS117"} {
		t.Run(measure, func(t *testing.T) {
			db := openWarehouse(t)
			dir := sharedDir(t, "ecqm", measure, "ndjson")
			results := loadOK(t, db, "ecqm", Options{}, dir)
			files, err := filepath.Glob(filepath.Join(dir, "*.ndjson"))
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != len(files) {
				t.Fatalf("results = %d, files = %d", len(results), len(files))
			}
			for _, res := range results {
				if res.Status != StatusLoaded || res.Err != nil || len(res.Rejects) > 0 {
					t.Errorf("%s: status %s, err %v, rejects %v", res.Name, res.Status, res.Err, res.Rejects)
				}
			}
			for _, f := range files {
				rt := strings.TrimSuffix(filepath.Base(f), ".ndjson")
				want := nonBlankLines(t, f)
				if got := queryInt(t, db, `select count(*) from raw.resource where resource_type = ?`, rt); got != want {
					t.Errorf("raw.resource %s = %d, want %d", rt, got, want)
				}
				if table := coreTableOf(rt); table != "" {
					if got := queryInt(t, db, `select count(*) from `+table); got != want {
						t.Errorf("%s = %d, want %d", table, got, want)
					}
				}
				if got := queryInt(t, db, `select coalesce(sum(c.resources), 0) from meta.ingest_count c
					join meta.ingest_file f using (file_id) where f.file_name = ?`, filepath.Base(f)); got != want {
					t.Errorf("ledger count of %s = %d, want %d", filepath.Base(f), got, want)
				}
			}
			// Every clinical resource names its patient, and that patient was loaded.
			if n := queryInt(t, db, `select count(*) from raw.resource r where r.resource_type not in
				('Patient', 'Medication', 'Organization', 'Practitioner', 'Location')
				and r.patient_id not in (select id from core.patient)`); n != 0 {
				t.Errorf("%d resources without a loaded patient", n)
			}
		})
	}
}

func TestSecondDeliveryIsSkipped(t *testing.T) {
	db := openWarehouse(t)
	dir := sharedDir(t, "ecqm", "CMS122", "ndjson")
	first := loadOK(t, db, "p1", Options{}, dir)
	before := queryInt(t, db, `select count(*) from raw.resource`)
	codings := queryInt(t, db, `select count(*) from core.coding`)
	second := loadOK(t, db, "p1", Options{}, dir)
	if len(second) != len(first) {
		t.Fatalf("second load saw %d files, first %d", len(second), len(first))
	}
	for _, res := range second {
		if res.Status != StatusSkipped {
			t.Errorf("%s: second delivery status %s, want skipped", res.Name, res.Status)
		}
	}
	if after := queryInt(t, db, `select count(*) from raw.resource`); after != before {
		t.Errorf("raw.resource after second delivery = %d, want %d", after, before)
	}
	if after := queryInt(t, db, `select count(*) from core.coding`); after != codings {
		t.Errorf("core.coding after second delivery = %d, want %d", after, codings)
	}
	if n := queryInt(t, db, `select count(*) from meta.ingest_file`); n != int64(len(first)) {
		t.Errorf("ledger rows = %d, want %d", n, len(first))
	}
}

// TestLoadSyntheaBundles loads Synthea transaction Bundles: urn:uuid references resolve to
// the ids of the referenced entries.
func TestLoadSyntheaBundles(t *testing.T) {
	db := openWarehouse(t)
	files, err := filepath.Glob(filepath.Join(sharedDir(t, "synthea"), "0*.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	files = files[:3]
	results := loadOK(t, db, "synthea", Options{BatchRows: 500}, files...)
	var resources int64
	for _, res := range results {
		if res.Status != StatusLoaded || res.Err != nil || len(res.Rejects) > 0 {
			t.Errorf("%s: status %s, err %v, rejects %v", res.Name, res.Status, res.Err, res.Rejects)
		}
		for _, n := range res.Resources {
			resources += n
		}
	}
	if got := queryInt(t, db, `select count(*) from raw.resource`); got != resources {
		t.Errorf("raw.resource = %d, want %d", got, resources)
	}
	if got := queryInt(t, db, `select count(*) from core.patient`); got != int64(len(files)) {
		t.Errorf("patients = %d, want %d", got, len(files))
	}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".json.gz")
		if n := queryInt(t, db, `select count(*) from core.encounter where patient_id = ?`, id); n == 0 {
			t.Errorf("no encounter of patient %s", id)
		}
	}
	if n := queryInt(t, db, `select count(*) from core.encounter where patient_id not in (select id from core.patient)`); n != 0 {
		t.Errorf("%d encounters whose patient_id is not a loaded patient", n)
	}
	if n := queryInt(t, db, `select count(*) from core.observation o where o.encounter_id is not null
		and o.encounter_id not in (select id from core.encounter)`); n != 0 {
		t.Errorf("%d observations whose encounter is not loaded", n)
	}
	if n := queryInt(t, db, `select count(*) from raw.resource where resource like '%"reference":"urn:uuid:%'`); n != 0 {
		t.Errorf("%d stored resources keep an unresolved urn:uuid reference", n)
	}
	if n := queryInt(t, db, `select count(*) from core.observation where value_type is null and not has_member
		and data_absent_reason is null and id not in (select id from core.observation_component)`); n != 0 {
		t.Errorf("%d observations without a value", n)
	}
}

// TestLoadBulkSyntheaSet loads the 10-patient Bulk Data export: its client log is not FHIR
// and is rejected whole; every resource file loads completely.
func TestLoadBulkSyntheaSet(t *testing.T) {
	db := openWarehouse(t)
	dir := sharedDir(t, "synthea", "bulk-10-patients")
	results := loadOK(t, db, "bulk", Options{}, dir)
	for _, res := range results {
		path := filepath.Join(dir, res.Name)
		if res.Name == "log.ndjson" {
			if res.Status != StatusRejected || res.Err == nil {
				t.Errorf("log.ndjson: status %s, err %v; want rejected", res.Status, res.Err)
			}
			continue
		}
		if res.Status != StatusLoaded || res.Err != nil || len(res.Rejects) > 0 {
			t.Errorf("%s: status %s, err %v, rejects %d", res.Name, res.Status, res.Err, len(res.Rejects))
			continue
		}
		rt := typeFromName(res.Name)
		if got, want := res.Resources[rt], nonBlankLines(t, path); got != want {
			t.Errorf("%s: %d resources, want %d", res.Name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "log.ndjson")); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, `select status from meta.ingest_file where file_name = 'log.ndjson'`); got != StatusRejected {
		t.Errorf("ledger status of log.ndjson = %s", got)
	}
	// Conditional references (Organization?identifier=...|<id>) resolve to the identifier value.
	if n := queryInt(t, db, `select count(*) from core.encounter where service_provider_id in (select id from core.organization)`); n == 0 {
		t.Error("no encounter's service provider is a loaded organization")
	}
}

// TestCancelledLoadKeepsNothing: a cancelled load is an error of the load, not of the file,
// and leaves no trace.
func TestCancelledLoadKeepsNothing(t *testing.T) {
	db := openWarehouse(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := LoadPath(ctx, db, "p", []string{sharedDir(t, "ecqm", "CMS122", "ndjson")}, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := queryInt(t, db, `select (select count(*) from meta.ingest_file) + (select count(*) from raw.resource)`); n != 0 {
		t.Errorf("%d rows after a cancelled load", n)
	}
}
