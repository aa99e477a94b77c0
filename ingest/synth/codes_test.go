package synth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// allValueSets are the value sets the generator knows.
var allValueSets = []string{
	VSDiabetes, VSHbA1cLabTest, VSOfficeVisit, VSAnnualWellness, VSPreventiveEst18,
	VSPreventiveInit18, VSHomeHealthcare, VSVirtualEncounter, VSTelephoneVisits, VSEssentialHTN,
	VSHospiceEncounter, VSHospiceDiagnosis, VSPalliativeEnc, VSPalliativeDx, VSFrailtyDiagnosis,
	VSFrailtyEncounter, VSAdvancedIllness, VSEncounterInpt, VSEDVisit, VSESRD, VSCKDStage5,
	VSPregnancy, VSKidneyTransplant, VSDialysisServices,
	VSMammography, VSPapTest, VSHPVTest, VSColonoscopy, VSFOBT, VSSDNAFIT, VSFlexSigmoidoscopy,
	VSCTColonography, VSRetinalExam, VSTobaccoScreening, VSTobaccoUser, VSTobaccoNonUser,
	VSCessationCounseling, VSCessationRx, VSDepressionEncounter, VSFollowUpAdultDep,
	VSFollowUpAdolDep, VSBMIEncounter, VSFollowUpHighBMI, VSOverweightObese, VSPreventiveInit0to17,
	VSPreventiveEst0to17, VSDTaPVaccine, VSIPVVaccine, VSMMRVaccine, VSHib3Vaccine, VSHib4Vaccine,
	VSHepBVaccine, VSVZVVaccine, VSPCVVaccine, VSHepAVaccine, VSRotavirus3, VSInfluenzaVaccine,
	VSIschemicHeart, VSAtherosclerosis, VSStrokeTIA, VSInitialMI, VSCABGOrPCI, VSFamilialHyperchol,
	VSLDLCholesterol, VSStatinHigh, VSStatinModerate, VSStatinLow,
}

// vsacDir is the shared folder of published VSAC expansions (read at run time, never copied).
func vsacDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "ecqm", "valuesets")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("shared value sets: %v", err)
	}
	return dir
}

// vsacCodes reads the published expansion of url from the shared folder.
func vsacCodes(t *testing.T, url string) []Coding {
	t.Helper()
	oid := strings.TrimPrefix(url, vsac)
	b, err := os.ReadFile(filepath.Join(vsacDir(t), "ValueSet-"+oid+".json"))
	if err != nil {
		t.Fatalf("reading the published expansion of %s: %v", oid, err)
	}
	cs, err := ParseValueSetBundle(b)
	if err != nil {
		t.Fatalf("parsing the published expansion of %s: %v", oid, err)
	}
	return cs[url]
}

func TestStarterValueSets(t *testing.T) {
	var bundle struct {
		ResourceType string `json:"resourceType"`
		Type         string `json:"type"`
		Entry        []struct {
			Resource struct {
				ResourceType, URL, Version, Name, Title, Status, Description string
				Compose                                                      struct {
					Include []struct {
						System  string
						Concept []struct{ Code, Display string }
					}
				}
				Expansion struct{ Contains []Coding }
			}
		}
	}
	if err := json.Unmarshal(StarterValueSets(), &bundle); err != nil {
		t.Fatal(err)
	}
	if bundle.ResourceType != "Bundle" || bundle.Type != "collection" {
		t.Fatalf("starter set is a %s of type %q", bundle.ResourceType, bundle.Type)
	}
	var urls []string
	for _, e := range bundle.Entry {
		vs := e.Resource
		urls = append(urls, vs.URL)
		t.Run(vs.Title, func(t *testing.T) {
			if vs.ResourceType != "ValueSet" || vs.Version != "0-starter" || vs.Status != "active" || vs.Name == "" || vs.Title == "" {
				t.Errorf("header = %s %q %q %q %q", vs.ResourceType, vs.Version, vs.Status, vs.Name, vs.Title)
			}
			if !strings.Contains(vs.Description, "compiled by the Populace team") {
				t.Errorf("description does not say where the codes come from: %q", vs.Description)
			}
			var composed []Coding
			for _, inc := range vs.Compose.Include {
				for _, c := range inc.Concept {
					composed = append(composed, Coding{inc.System, c.Code, c.Display})
				}
			}
			if len(composed) == 0 || len(composed) > 6 {
				t.Errorf("%d codes, want a handful", len(composed))
			}
			if !slices.Equal(composed, vs.Expansion.Contains) {
				t.Errorf("compose lists %v, expansion %v", composed, vs.Expansion.Contains)
			}
			// Every hand-picked code is a member of the published value set, so data generated
			// from the starter set is found by measures computed against the real expansions.
			published := vsacCodes(t, vs.URL)
			for _, c := range composed {
				if !slices.ContainsFunc(published, func(p Coding) bool { return p.System == c.System && p.Code == c.Code }) {
					t.Errorf("%s %s is not in the published expansion", c.System, c.Code)
				}
			}
		})
	}
	if want, got := slices.Sorted(slices.Values(allValueSets)), slices.Sorted(slices.Values(urls)); !slices.Equal(want, got) {
		t.Errorf("starter value sets = %v, want the ones the generator uses: %v", got, want)
	}

	codes, err := StarterCodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, url := range allValueSets {
		if len(codes[url]) == 0 {
			t.Errorf("StarterCodes has no codes for %s", url)
		}
	}
}

func TestGenerateWithPublishedExpansions(t *testing.T) {
	codes := CodeSet{}
	for _, url := range allValueSets {
		codes[url] = vsacCodes(t, url)
	}
	opt := Options{Patients: 500, Providers: 3, Seed: 21, Codes: codes}
	a, _ := generate(t, opt)
	b, _ := generate(t, opt)
	fa, fb := fingerprint(t, a), fingerprint(t, b)
	for name, h := range fa {
		if fb[name] != h {
			t.Errorf("%s differs between two runs with the same published codes", name)
		}
	}

	// Every encounter type and condition code comes from one of the value sets.
	member := map[Coding]bool{}
	for _, cs := range codes {
		for _, c := range cs {
			member[Coding{System: c.System, Code: c.Code}] = true
		}
	}
	for _, rc := range registryConditions {
		for _, c := range rc.codes {
			member[Coding{System: c.System, Code: c.Code}] = true
		}
	}
	for _, c := range []Coding{codeObesity, codeTobacco} {
		member[Coding{System: c.System, Code: c.Code}] = true
	}
	n := readNetwork(t, a)
	for prov, files := range n {
		for _, c := range files["Condition"] {
			for _, cd := range c.Code.Coding {
				if !member[Coding{System: cd.System, Code: cd.Code}] {
					t.Errorf("%s: Condition code %s %s is in none of the value sets", prov, cd.System, cd.Code)
				}
			}
		}
		for _, e := range files["Encounter"] {
			var types []struct{ Coding []Coding }
			if err := json.Unmarshal(e.Type, &types); err != nil || len(types) == 0 {
				t.Fatalf("%s: Encounter %s type: %v", prov, e.ID, err)
			}
			for _, cd := range types[0].Coding {
				if !member[Coding{System: cd.System, Code: cd.Code}] {
					t.Errorf("%s: Encounter type %s %s is in none of the value sets", prov, cd.System, cd.Code)
				}
				if cd.System != systemCPT && cd.System != systemSNOMED && cd.System != systemHCPCS {
					t.Errorf("%s: Encounter type in %s", prov, cd.System)
				}
			}
		}
	}
}

func TestPalette(t *testing.T) {
	const url = "urn:test:vs"
	starter := CodeSet{url: {{systemICD10CM, "E11.9", ""}, {systemSNOMED, "44054006", ""}}}
	many := func(system, prefix string, n int) []Coding {
		var out []Coding
		for i := range n {
			out = append(out, Coding{System: system, Code: prefix + string(rune('a'+i))})
		}
		return out
	}
	tests := []struct {
		name    string
		codes   []Coding
		systems []string
		want    []string
	}{
		{
			name:    "well-known codes first, then by system preference and code",
			codes:   append(many(systemSNOMED, "s", 3), append(many(systemICD10CM, "E", 3), Coding{systemICD10CM, "E11.9", "x"}, Coding{systemSNOMED, "44054006", "y"})...),
			systems: []string{systemICD10CM, systemSNOMED},
			want:    []string{"E11.9", "44054006", "Ea", "Eb", "Ec", "sa", "sb", "sc"},
		},
		{
			name:    "other code systems are left out",
			codes:   []Coding{{systemLOINC, "4548-4", ""}, {systemCPT, "99213", ""}, {systemCPT, "99212", ""}},
			systems: []string{systemCPT},
			want:    []string{"99212", "99213"},
		},
		{
			name:    "large sets are capped",
			codes:   many(systemICD10CM, "Z", 20),
			systems: []string{systemICD10CM},
			want:    []string{"Za", "Zb", "Zc", "Zd", "Ze", "Zf", "Zg", "Zh"},
		},
		{
			name:    "duplicates count once",
			codes:   []Coding{{systemCPT, "99213", "a"}, {systemCPT, "99213", "b"}},
			systems: []string{systemCPT},
			want:    []string{"99213"},
		},
		{
			name:    "missing value set",
			systems: []string{systemCPT},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range palette(CodeSet{url: tt.codes}, starter, url, tt.systems...) {
				got = append(got, c.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("palette = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseValueSetBundleErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not JSON", `{`},
		{"wrong resource", `{"resourceType":"Patient"}`},
		{"entry without url", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"ValueSet"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseValueSetBundle([]byte(tt.in)); err == nil {
				t.Error("ParseValueSetBundle succeeded, want an error")
			}
		})
	}
}
