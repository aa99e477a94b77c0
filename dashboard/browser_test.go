package dashboard_test

import (
	"flag"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"populace/dashboard"
)

// Browser test: the real handler on a loopback TLS server, driven by headless Chromium over
// the DevTools protocol (cdp_test.go): it signs in through the form, and asserts on the DOM
// after scripts ran and on the console. This is what proves the charts draw under the strict
// Content-Security-Policy.
//
// Chromium is required: CI installs it in .ci/run (apt-get install -y chromium).
// go test -tags duckdb_arrow ./dashboard/ -run Browser -screenshots=/tmp/shots also saves
// PNGs of the pages (overview.png, measure.png, gaps.png) to look at; they are not committed.

var screenshots = flag.String("screenshots", "", "browser test: also save PNGs of the pages into this folder")

// chromiumPath finds Chromium or fails the test: a missing browser must not pass silently.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("headless Chromium is not installed: run .ci/run, or install it with " +
		"`apt-get update && apt-get install -y chromium` (the browser test needs /usr/bin/chromium)")
	return ""
}

var drawnChart = regexp.MustCompile(`<div class="chart" id="([^"]+)"[^>]*_echarts_instance_="ec_[^"]+"[^>]*>`)

func TestBrowser(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	b := newBrowser(t)

	// Signed out, every page sends the browser to the login form.
	b.open(ts.URL + "/gaps?measure=CMS122")
	if !strings.Contains(b.evalString(`location.pathname`), "/login") {
		t.Fatalf("signed out, /gaps showed %s", b.evalString(`location.href`))
	}
	b.submit("form[action='/login']", map[string]string{"name": testAccounts[dashboard.RoleQualityManager], "password": testPassword})
	if got := b.evalString(`location.pathname + location.search`); got != "/gaps?measure=CMS122" {
		t.Fatalf("after signing in the browser is at %s, want back at the gap list", got)
	}

	check := func(t *testing.T, page string) string {
		t.Helper()
		for _, line := range b.consoleErrors() {
			t.Errorf("%s: browser console: %s", page, line)
		}
		return b.html()
	}

	t.Run("gap list shows rows and evidence", func(t *testing.T) {
		dom := check(t, "gaps")
		if got := strings.Count(dom, `<td class="id">person-`); got != 50 {
			t.Errorf("gap list shows %d rows, want 50", got)
		}
		row := section(t, dom, ">"+evidencePerson+"<", "</tr>")
		mustContain(t, "evidence row", row, evidenceValue, evidenceDate)
		mustContain(t, "gap list", dom, "no result in period", "Next page")
	})

	t.Run("overview draws the trend chart", func(t *testing.T) {
		b.open(ts.URL + "/")
		b.waitFor(`document.querySelector("div.chart canvas")`)
		dom := check(t, "overview")
		if drawnChart.FindStringSubmatch(dom) == nil {
			t.Fatalf("ECharts did not initialise the chart element:\n%s", section(t, dom, `<div class="chart"`, "</section>"))
		}
		for _, s := range latestSummaries {
			mustContain(t, "overview", dom, percent(s.rate()))
		}
	})

	t.Run("measure page shows its rate and chart", func(t *testing.T) {
		for _, s := range latestSummaries {
			b.open(ts.URL + "/measures/" + s.measure)
			b.waitFor(`document.querySelector("div.chart canvas")`)
			dom := check(t, s.measure)
			mustContain(t, s.measure, dom, percent(s.rate()), "Population breakdown")
		}
	})

	if *screenshots != "" {
		for file, path := range map[string]string{"overview.png": "/", "measure.png": "/measures/CMS122", "gaps.png": "/gaps?measure=CMS122"} {
			b.open(ts.URL + path)
			b.screenshot(filepath.Join(*screenshots, file))
		}
	}

	t.Run("sign out ends the session", func(t *testing.T) {
		b.open(ts.URL + "/")
		b.submit("form[action='/logout']", nil)
		b.open(ts.URL + "/gaps?measure=CMS122")
		if !strings.Contains(b.evalString(`location.pathname`), "/login") {
			t.Errorf("after signing out, /gaps showed %s", b.evalString(`location.href`))
		}
	})
}
