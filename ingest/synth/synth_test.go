package synth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// generate runs Generate into a fresh temporary directory.
func generate(t testing.TB, opt Options) (string, Summary) {
	t.Helper()
	if opt.Out == "" {
		opt.Out = t.TempDir()
	}
	sum, err := Generate(t.Context(), opt)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return opt.Out, sum
}

// fingerprint hashes every file under dir by relative path.
func fingerprint(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", dir, err)
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	opt := Options{Patients: 600, Providers: 4, Seed: 42}
	a, _ := generate(t, opt)
	b, _ := generate(t, opt)
	fa, fb := fingerprint(t, a), fingerprint(t, b)
	if len(fa) == 0 || len(fa) != len(fb) {
		t.Fatalf("file sets differ: %d vs %d files", len(fa), len(fb))
	}
	for name, h := range fa {
		if fb[name] != h {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}

	opt.Seed = 43
	c, _ := generate(t, opt)
	fc := fingerprint(t, c)
	for _, typ := range []string{"Patient", "Encounter", "Observation"} {
		name := filepath.Join("prov-01", typ+".ndjson")
		if fc[name] == fa[name] {
			t.Errorf("%s is identical for seeds 42 and 43", name)
		}
	}
}

// resource is the part of a resource the tests look at.
type resource struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Subject      *ref   `json:"subject"`
	Beneficiary  *ref   `json:"beneficiary"`
	Encounter    *ref   `json:"encounter"`
	Identifier   []struct {
		System string `json:"system"`
		Value  string `json:"value"`
		Type   *struct {
			Coding []Coding `json:"coding"`
		} `json:"type"`
	} `json:"identifier"`
	Name    json.RawMessage `json:"name"` // a string in Organization, HumanNames elsewhere
	Telecom []struct {
		System, Value string
	} `json:"telecom"`
	Address []struct {
		Line       []string `json:"line"`
		City       string   `json:"city"`
		PostalCode string   `json:"postalCode"`
	} `json:"address"`
	Gender            string `json:"gender"`
	BirthDate         string `json:"birthDate"`
	EffectiveDateTime string `json:"effectiveDateTime"`
	PerformedDateTime string `json:"performedDateTime"`
	Period            *struct {
		Start, End string
	} `json:"period"`
	Code *struct {
		Coding []Coding `json:"coding"`
	} `json:"code"`
	Class     *Coding         `json:"class"`
	Type      json.RawMessage `json:"type"` // an array in Encounter, an object in Coverage
	Component []struct {
		Code struct {
			Coding []Coding `json:"coding"`
		} `json:"code"`
		ValueQuantity quantity `json:"valueQuantity"`
	} `json:"component"`
	ValueQuantity *quantity `json:"valueQuantity"`
}

type ref struct {
	Reference string `json:"reference"`
}

type quantity struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	System string  `json:"system"`
	Code   string  `json:"code"`
}

// network is a generated output read back: resources by provider and type, in file order.
type network map[string]map[string][]resource

func readNetwork(t *testing.T, dir string) network {
	t.Helper()
	provs, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	n := network{}
	for _, p := range provs {
		n[p.Name()] = map[string][]resource{}
		files, err := os.ReadDir(filepath.Join(dir, p.Name()))
		if err != nil {
			t.Fatalf("reading %s: %v", p.Name(), err)
		}
		for _, f := range files {
			typ, ok := strings.CutSuffix(f.Name(), ".ndjson")
			if !ok {
				t.Errorf("%s/%s: not an NDJSON file", p.Name(), f.Name())
				continue
			}
			fh, err := os.Open(filepath.Join(dir, p.Name(), f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			n[p.Name()][typ] = []resource{}
			sc := bufio.NewScanner(fh)
			sc.Buffer(nil, 1<<20)
			line := 0
			for sc.Scan() {
				line++
				b := sc.Bytes()
				if !json.Valid(b) {
					t.Fatalf("%s/%s line %d: invalid JSON", p.Name(), f.Name(), line)
				}
				var compact bytes.Buffer
				if err := json.Compact(&compact, b); err != nil || !bytes.Equal(compact.Bytes(), b) {
					t.Errorf("%s/%s line %d: not compact JSON", p.Name(), f.Name(), line)
				}
				var r resource
				if err := json.Unmarshal(b, &r); err != nil {
					t.Fatalf("%s/%s line %d: %v", p.Name(), f.Name(), line, err)
				}
				if r.ResourceType != typ {
					t.Errorf("%s/%s line %d: resourceType %q", p.Name(), f.Name(), line, r.ResourceType)
				}
				n[p.Name()][typ] = append(n[p.Name()][typ], r)
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			fh.Close()
		}
	}
	return n
}

// token returns the linkage token of a Patient under system.
func (r resource) identifier(system string) string {
	for _, id := range r.Identifier {
		if id.System == system {
			return id.Value
		}
	}
	return ""
}

func TestGenerateFilesAndReferences(t *testing.T) {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	dir, sum := generate(t, Options{Patients: 800, Providers: 3, Seed: 7, Start: start, End: end})
	n := readNetwork(t, dir)

	wantProvs := []string{"prov-01", "prov-02", "prov-03"}
	if got := slices.Sorted(func(yield func(string) bool) {
		for k := range n {
			if !yield(k) {
				return
			}
		}
	}); !slices.Equal(got, wantProvs) {
		t.Fatalf("provider folders = %v, want %v", got, wantProvs)
	}
	if sum.Providers != 3 || sum.Patients != 800 {
		t.Errorf("summary = %+v", sum)
	}
	counts := map[string]int64{}
	records := 0
	inWindow := func(prov, what, ts string) {
		t.Helper()
		if len(ts) < 10 {
			t.Errorf("%s: %s has no date: %q", prov, what, ts)
			return
		}
		d, err := time.Parse("2006-01-02", ts[:10])
		if err != nil || d.Before(start) || d.After(end) {
			t.Errorf("%s: %s %q outside the window", prov, what, ts)
		}
	}
	for _, prov := range wantProvs {
		files := n[prov]
		for _, typ := range resourceTypes {
			if _, ok := files[typ]; !ok {
				t.Errorf("%s: no %s.ndjson", prov, typ)
			}
			counts[typ] += int64(len(files[typ]))
			records += len(files[typ])
		}
		if len(files) != len(resourceTypes) {
			t.Errorf("%s: %d files, want %d", prov, len(files), len(resourceTypes))
		}
		for _, typ := range []string{"Organization", "Practitioner", "Patient", "Coverage", "Encounter", "Condition", "Observation"} {
			if len(files[typ]) == 0 {
				t.Errorf("%s: no %s resources", prov, typ)
			}
		}
		ids := map[string]bool{}
		for typ, rs := range files {
			for _, r := range rs {
				key := typ + "/" + r.ID
				if ids[key] {
					t.Errorf("%s: duplicate id %s", prov, key)
				}
				ids[key] = true
			}
		}
		for typ, rs := range files {
			for _, r := range rs {
				for _, rf := range []*ref{r.Subject, r.Beneficiary, r.Encounter} {
					if rf != nil && !ids[rf.Reference] {
						t.Errorf("%s: %s/%s references %s, which the provider did not send", prov, typ, r.ID, rf.Reference)
					}
				}
				if typ == "Encounter" {
					inWindow(prov, "Encounter period start", r.Period.Start)
					inWindow(prov, "Encounter period end", r.Period.End)
				}
				if typ == "Coverage" {
					inWindow(prov, "Coverage period start", r.Period.Start)
				}
				if typ == "Observation" {
					inWindow(prov, "Observation effective", r.EffectiveDateTime)
				}
				if typ == "Procedure" {
					inWindow(prov, "Procedure performed", r.PerformedDateTime)
				}
			}
		}
	}
	if records != sum.Records {
		t.Errorf("files hold %d resources, summary says %d", records, sum.Records)
	}
	for typ, c := range counts {
		if sum.Resources[typ] != c {
			t.Errorf("%s: files hold %d, summary says %d", typ, c, sum.Resources[typ])
		}
	}
}

func TestGenerateObservationShapes(t *testing.T) {
	dir, _ := generate(t, Options{Patients: 400, Providers: 2, Seed: 3})
	n := readNetwork(t, dir)
	starter, err := StarterCodes()
	if err != nil {
		t.Fatal(err)
	}
	isA1c := func(code string) bool {
		return slices.ContainsFunc(starter[VSHbA1cLabTest], func(c Coding) bool { return c.Code == code })
	}
	var bp, a1c int
	for prov, files := range n {
		for _, o := range files["Observation"] {
			if o.Encounter == nil {
				t.Errorf("%s: Observation %s has no encounter", prov, o.ID)
			}
			switch code := o.Code.Coding[0].Code; code {
			case "85354-9":
				bp++
				if len(o.Component) != 2 || o.Component[0].Code.Coding[0].Code != "8480-6" || o.Component[1].Code.Coding[0].Code != "8462-4" {
					t.Fatalf("%s: blood pressure %s has components %+v", prov, o.ID, o.Component)
				}
				for _, c := range o.Component {
					if c.ValueQuantity.Code != "mm[Hg]" || c.ValueQuantity.System != "http://unitsofmeasure.org" || c.ValueQuantity.Value <= 0 {
						t.Errorf("%s: blood pressure %s component %+v", prov, o.ID, c.ValueQuantity)
					}
				}
			case "39156-5", "73832-8", "73831-0", "44261-6":
				// care observations, checked in TestGenerateCareShapes
			default:
				if !isA1c(code) {
					continue
				}
				a1c++
				q := o.ValueQuantity
				if q == nil || q.Code != "%" || q.Unit != "%" || q.System != "http://unitsofmeasure.org" || q.Value < 4 || q.Value > 16 {
					t.Errorf("%s: HbA1c %s (%s) value %+v", prov, o.ID, code, q)
				}
			}
		}
	}
	if bp == 0 || a1c == 0 {
		t.Errorf("blood pressures = %d, HbA1c results = %d; want both", bp, a1c)
	}
}

// person is what the tests know about one person across providers.
type testPerson struct {
	provs             []string
	birthDate, gender string
	diabetes, htn     bool
	lastA1c           string
	lastA1cValue      float64
	lastBP            string
	lastSys, lastDia  float64
}

func persons(n network, linkage string) map[string]*testPerson {
	out := map[string]*testPerson{}
	byPatient := map[string]*testPerson{}
	dm, _ := StarterCodes()
	isIn := func(url string, cs []Coding) bool {
		for _, c := range cs {
			if slices.ContainsFunc(dm[url], func(d Coding) bool { return d.System == c.System && d.Code == c.Code }) {
				return true
			}
		}
		return false
	}
	for _, prov := range slices.Sorted(func(yield func(string) bool) {
		for k := range n {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, p := range n[prov]["Patient"] {
			tok := p.identifier(linkage)
			tp := out[tok]
			if tp == nil {
				tp = &testPerson{birthDate: p.BirthDate, gender: p.Gender}
				out[tok] = tp
			}
			tp.provs = append(tp.provs, prov)
			if tp.birthDate != p.BirthDate || tp.gender != p.Gender {
				tp.birthDate = "MISMATCH"
			}
			byPatient[prov+"/Patient/"+p.ID] = tp
		}
		for _, c := range n[prov]["Condition"] {
			tp := byPatient[prov+"/"+c.Subject.Reference]
			tp.diabetes = tp.diabetes || isIn(VSDiabetes, c.Code.Coding)
			tp.htn = tp.htn || isIn(VSEssentialHTN, c.Code.Coding)
		}
		for _, o := range n[prov]["Observation"] {
			tp := byPatient[prov+"/"+o.Subject.Reference]
			switch {
			case o.Code.Coding[0].Code == "85354-9":
				if o.EffectiveDateTime > tp.lastBP {
					tp.lastBP, tp.lastSys, tp.lastDia = o.EffectiveDateTime, o.Component[0].ValueQuantity.Value, o.Component[1].ValueQuantity.Value
				}
			case isIn(VSHbA1cLabTest, o.Code.Coding) && o.EffectiveDateTime > tp.lastA1c:
				tp.lastA1c, tp.lastA1cValue = o.EffectiveDateTime, o.ValueQuantity.Value
			}
		}
	}
	return out
}

func TestGeneratePrevalence(t *testing.T) {
	dir, sum := generate(t, Options{Patients: 2000, Seed: 11})
	ps := persons(readNetwork(t, dir), DefaultLinkageSystem)
	if len(ps) != sum.Patients {
		t.Fatalf("%d distinct linkage tokens, want %d persons", len(ps), sum.Patients)
	}
	var adults, children, over85, diabetic, hypertensive, tested, poor, bpSeen, controlled int
	for _, p := range ps {
		age := 2025 - atoi(t, p.birthDate[:4])
		if age < 18 {
			children++
			continue
		}
		adults++
		if age > 85 {
			over85++
		}
		if p.diabetes {
			diabetic++
			if strings.HasPrefix(p.lastA1c, "2025") {
				tested++
				if p.lastA1cValue > 9 {
					poor++
				}
			}
		}
		if p.htn {
			hypertensive++
			if strings.HasPrefix(p.lastBP, "2025") {
				bpSeen++
				if p.lastSys < 140 && p.lastDia < 90 {
					controlled++
				}
			}
		}
	}
	share := func(a, b int) float64 { return float64(a) / float64(max(b, 1)) }
	checks := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"children among persons", share(children, len(ps)), 0.10, 0.35},
		{"over 85 among adults", share(over85, adults), 0.002, 0.06},
		{"diabetes among adults", share(diabetic, adults), 0.05, 0.20},
		{"hypertension among adults", share(hypertensive, adults), 0.20, 0.45},
		{"most recent HbA1c > 9 among diabetics tested in 2025", share(poor, tested), 0.08, 0.30},
		{"controlled blood pressure among hypertensives seen in 2025", share(controlled, bpSeen), 0.50, 0.80},
		{"persons seen by more than one provider", share(sum.Shared, sum.Patients), 0.12, 0.30},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got < c.lo || c.got > c.hi {
				t.Errorf("%s = %.3f, want within [%.2f, %.2f]", c.name, c.got, c.lo, c.hi)
			}
		})
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestGenerateSharedPersons(t *testing.T) {
	const linkage = "https://linkage.example.org/token"
	dir, sum := generate(t, Options{Patients: 1000, Providers: 4, Seed: 5, LinkageSystem: linkage})
	n := readNetwork(t, dir)
	ps := persons(n, linkage)
	shared := 0
	for tok, p := range ps {
		if tok == "" {
			t.Fatal("a Patient has no linkage token")
		}
		if p.birthDate == "MISMATCH" {
			t.Errorf("person %s: birth date or gender differs between providers", tok)
		}
		if len(p.provs) > 1 {
			shared++
		}
		if len(slices.Compact(slices.Clone(p.provs))) != len(p.provs) {
			t.Errorf("person %s: seen twice by one provider: %v", tok, p.provs)
		}
	}
	if shared == 0 || shared != sum.Shared {
		t.Errorf("persons in more than one folder = %d, summary says %d", shared, sum.Shared)
	}
	// The same person's Patient resources differ in id and MRN from provider to provider.
	ids := map[string]string{}
	for prov, files := range n {
		for _, p := range files["Patient"] {
			key := p.ID
			if other, ok := ids[key]; ok {
				t.Errorf("Patient id %s used by %s and %s", key, other, prov)
			}
			ids[key] = prov
		}
	}
}

func TestGeneratePatientIdentifiers(t *testing.T) {
	dir, _ := generate(t, Options{Patients: 200, Providers: 2, Seed: 9})
	n := readNetwork(t, dir)
	for prov, files := range n {
		mrns := map[string]bool{}
		for _, p := range files["Patient"] {
			var mrn, ssn string
			for _, id := range p.Identifier {
				if id.Type == nil {
					continue
				}
				switch id.Type.Coding[0].Code {
				case "MR":
					mrn = id.Value
				case "SS":
					ssn = id.Value
				}
			}
			if mrn == "" || ssn == "" || p.identifier(DefaultLinkageSystem) == "" {
				t.Fatalf("%s: Patient %s lacks MRN, SSN or linkage token", prov, p.ID)
			}
			if mrns[mrn] {
				t.Errorf("%s: MRN reused", prov)
			}
			mrns[mrn] = true
			var names []struct {
				Family string   `json:"family"`
				Given  []string `json:"given"`
			}
			if err := json.Unmarshal(p.Name, &names); err != nil || len(names) == 0 || names[0].Family == "" || len(names[0].Given) == 0 {
				t.Errorf("%s: Patient %s has no name", prov, p.ID)
			}
			if len(p.Telecom) < 2 || len(p.Address) == 0 || len(p.Address[0].Line) == 0 || p.Address[0].PostalCode == "" {
				t.Errorf("%s: Patient %s lacks telecom or address", prov, p.ID)
			}
		}
	}
}

func TestGenerateOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"no output directory", Options{Patients: 10}},
		{"negative patients", Options{Out: t.TempDir(), Patients: -1}},
		{"too many providers", Options{Out: t.TempDir(), Providers: 100}},
		{"empty window", Options{Out: t.TempDir(), Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Generate(t.Context(), tt.opt); err == nil {
				t.Error("Generate succeeded, want an error")
			}
		})
	}
	t.Run("missing required value set", func(t *testing.T) {
		codes, err := StarterCodes()
		if err != nil {
			t.Fatal(err)
		}
		delete(codes, VSHbA1cLabTest)
		_, err = Generate(t.Context(), Options{Out: t.TempDir(), Patients: 10, Codes: codes})
		if !errors.Is(err, ErrMissingCodes) {
			t.Errorf("error = %v, want ErrMissingCodes", err)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := Generate(ctx, Options{Out: t.TempDir(), Patients: 5000}); !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
}

func BenchmarkGenerate(b *testing.B) {
	out := b.TempDir()
	var sum Summary
	for b.Loop() {
		var err error
		sum, err = Generate(b.Context(), Options{Out: out, Patients: 10_000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.Records), "resources/op")
}
