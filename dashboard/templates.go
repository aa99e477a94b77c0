package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
)

// templateFS holds the page templates: layout.html wraps every page.
//
//go:embed templates
var templateFS embed.FS

// pageNames are the pages the handlers render; each is templates/<name>.html plus the layout.
var pageNames = []string{"overview", "measure_show", "care_gap_list", "error", "login",
	// executive overview and quality manager (issue 6 items 2 and 3)
	"measure_list", "measure_patients", "scorecard", "goal_edit",
	// care coordinator and administrator (issue 6 items 4 and 5)
	"worklist", "gap_show", "person_show", "registry_list", "registry_show",
	"admin_feeds", "admin_runs", "admin_jobs", "admin_users", "admin_audit",
	"cached", // a frame around content rendered earlier (page_cache.go)
}

// parsePages parses every page with the layout once, at start-up.
func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("parsing template %s: it defines no \"content\"", name)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("rendering %s: no such template", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("rendering %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// A failed write means the client went away; the status is sent, nothing is left to do.
	_, _ = buf.WriteTo(w)
	return nil
}
