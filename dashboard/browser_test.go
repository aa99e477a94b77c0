package dashboard_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Browser smoke test: the real handler on a loopback server, driven by headless Chromium,
// asserting on the DOM after scripts ran. This is what proves the charts draw under the
// strict Content-Security-Policy.
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

// chromium runs headless Chromium with args after the common flags and returns its stdout
// and the console log on stderr.
func chromium(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=5000",
	}
	cmd := exec.CommandContext(t.Context(), chromiumPath(t), append(base, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("running chromium %v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), errOut.String()
}

// dumpDOM loads url and returns the DOM after scripts ran. It fails on any console report of
// a blocked resource or script error.
func dumpDOM(t *testing.T, url string) string {
	t.Helper()
	dom, log := chromium(t, "--dump-dom", url)
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "Content Security Policy") || strings.Contains(line, "Uncaught") ||
			strings.Contains(line, "Refused to") || strings.Contains(line, "Failed to load") {
			t.Errorf("%s: browser console: %s", url, line)
		}
	}
	return dom
}

var drawnChart = regexp.MustCompile(`<div class="chart" id="([^"]+)"[^>]*_echarts_instance_="ec_[^"]+"[^>]*>`)

func TestBrowser(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)

	t.Run("overview draws the trend chart", func(t *testing.T) {
		dom := dumpDOM(t, ts.URL+"/")
		m := drawnChart.FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("ECharts did not initialise the chart element:\n%s", section(t, dom, `<div class="chart"`, "</section>"))
		}
		chartDiv := section(t, dom, `id="`+m[1]+`"`, "</details>")
		if !strings.Contains(chartDiv, "<canvas") {
			t.Errorf("the chart element holds no canvas:\n%s", chartDiv)
		}
		for _, s := range latestSummaries {
			mustContain(t, "overview", dom, percent(s.rate()))
		}
	})

	t.Run("measure page shows its rate and chart", func(t *testing.T) {
		for _, s := range latestSummaries {
			dom := dumpDOM(t, ts.URL+"/measures/"+s.measure)
			mustContain(t, s.measure, dom, percent(s.rate()), "Population breakdown")
			if !drawnChart.MatchString(dom) || !strings.Contains(dom, "<canvas") {
				t.Errorf("%s: the trend chart was not drawn", s.measure)
			}
		}
	})

	t.Run("gap list shows rows and evidence", func(t *testing.T) {
		dom := dumpDOM(t, ts.URL+"/gaps?measure=CMS122")
		if got := strings.Count(dom, `<td class="id">person-`); got != 50 {
			t.Errorf("gap list shows %d rows, want 50", got)
		}
		row := section(t, dom, ">"+evidencePerson+"<", "</tr>")
		mustContain(t, "evidence row", row, evidenceValue, evidenceDate)
		mustContain(t, "gap list", dom, "no result in period", "Next page")
	})

	if *screenshots != "" {
		pages := map[string]string{"overview.png": "/", "measure.png": "/measures/CMS122", "gaps.png": "/gaps?measure=CMS122"}
		for file, path := range pages {
			png := filepath.Join(*screenshots, file)
			_, log := chromium(t, "--window-size=1280,1400", "--hide-scrollbars", "--screenshot="+png, ts.URL+path)
			if _, err := os.Stat(png); err != nil {
				t.Errorf("no screenshot of %s written: %v\n%s", path, err, log)
			}
		}
	}
}
