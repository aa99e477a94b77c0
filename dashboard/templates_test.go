package dashboard

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A page template that is missing or broken must stop the server at start-up.
func TestParsePagesFailsAtStartup(t *testing.T) {
	layout := []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)
	page := []byte(`{{define "content"}}ok{{end}}`)
	complete := fstest.MapFS{"templates/layout.html": {Data: layout}}
	for _, name := range pageNames {
		complete["templates/"+name+".html"] = &fstest.MapFile{Data: page}
	}
	if _, err := parsePages(complete, templateFuncs()); err != nil {
		t.Fatalf("complete templates: %v", err)
	}

	cases := map[string]func(fstest.MapFS){
		"missing page":   func(f fstest.MapFS) { delete(f, "templates/care_gap_list.html") },
		"missing layout": func(f fstest.MapFS) { delete(f, "templates/layout.html") },
		"broken page": func(f fstest.MapFS) {
			f["templates/overview.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{.X`)}
		},
		"no content": func(f fstest.MapFS) {
			f["templates/error.html"] = &fstest.MapFile{Data: []byte(`{{define "other"}}{{end}}`)}
		},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range complete {
				fsys[k] = v
			}
			breakIt(fsys)
			if _, err := parsePages(fsys, templateFuncs()); err == nil || !strings.Contains(err.Error(), "parsing template") {
				t.Errorf("parsePages = %v, want a parsing error", err)
			}
		})
	}
}

// The embedded templates are all there and parse.
func TestEmbeddedTemplatesParse(t *testing.T) {
	pages, err := parsePages(templateFS, templateFuncs())
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != len(pageNames) {
		t.Errorf("parsed %d pages, want %d", len(pages), len(pageNames))
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
