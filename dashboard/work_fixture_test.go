package dashboard_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"populace/dashboard"
	"populace/ingest"
	"populace/ingest/synth"
	"populace/measures"
	"populace/warehouse"
)

// computedWarehouse generates a small synthetic network (ingest/synth), loads it through the
// real ingest path and computes 2025, as `populace demo` does: the worklist, registry and
// person pages read the real gap, registry and core models. It returns the warehouse and the
// providers in order.
func computedWarehouse(t testing.TB, path string, patients int) (*warehouse.DB, []string) {
	t.Helper()
	db, provs := computedNetwork(t, path, patients, 3, 7)
	t.Cleanup(func() { db.Close() })
	return db, provs
}

// computedNetwork builds a warehouse at path ("" = in memory) from a generated network of
// the given size; the caller closes it.
func computedNetwork(t testing.TB, path string, patients, providers int, seed uint64) (*warehouse.DB, []string) {
	t.Helper()
	ctx := t.Context()
	db, err := warehouse.Open(ctx, path)
	if err != nil {
		t.Fatalf("opening warehouse: %v", err)
	}
	if _, err := ingest.ImportValueSetBytes(ctx, db, synth.StarterValueSets()); err != nil {
		t.Fatalf("importing starter value sets: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "feeds")
	if _, err := synth.Generate(ctx, synth.Options{Out: dir, Patients: patients, Providers: providers, Seed: seed}); err != nil {
		t.Fatalf("generating network: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var provs []string
	for _, e := range entries {
		if e.IsDir() {
			provs = append(provs, e.Name())
		}
	}
	sort.Strings(provs)
	for _, p := range provs {
		res, err := ingest.LoadPath(ctx, db, p, []string{filepath.Join(dir, p)}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem})
		if err != nil {
			t.Fatalf("loading %s: %v", p, err)
		}
		for _, r := range res {
			if r.Err != nil {
				t.Fatalf("loading %s: %v", p, r.Err)
			}
		}
	}
	recompute(t, db)
	return db, provs
}

func recompute(t testing.TB, db *warehouse.DB) {
	t.Helper()
	if _, err := measures.Compute(t.Context(), db, measures.ComputeOptions{
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
	}); err != nil {
		t.Fatalf("computing: %v", err)
	}
}

// ownClient signs in as name with a client of its own: ts.Client() returns one shared
// client, so signIn's jar would be replaced by the next sign-in.
func ownClient(t testing.TB, ts *httptest.Server, name string) *http.Client {
	t.Helper()
	c := *ts.Client()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	_, body := send(t, &c, http.MethodGet, ts.URL+"/login", nil)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("login form has no CSRF token")
	}
	status, _ := send(t, &c, http.MethodPost, ts.URL+"/login", url.Values{
		"csrf_token": {m[1]}, "name": {name}, "password": {testPassword}, "next": {"/"}})
	if status != http.StatusSeeOther {
		t.Fatalf("signing in as %s: status %d", name, status)
	}
	return &c
}

// clients signs in once per role.
func clients(t *testing.T, ts *httptest.Server) map[dashboard.Role]*http.Client {
	t.Helper()
	out := map[dashboard.Role]*http.Client{}
	for role, name := range testAccounts {
		out[role] = ownClient(t, ts, name)
	}
	return out
}

// send is fetch for tests and benchmarks alike: status and body.
func send(t testing.TB, c *http.Client, method, target string, values url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if values != nil {
		body = strings.NewReader(values.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if values != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", target, err)
	}
	return resp.StatusCode, string(b)
}
