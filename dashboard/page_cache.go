package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
)

// The aggregate pages (overview, measure page) show the same content to every account of a
// role within a compute run: rendering it (about 1.7 ms for the overview's charts and tables)
// on every request was most of what such a page still cost once its figures were cached. So
// the content inside <main> is rendered once per run, role and variant and kept in the
// aggregate cache (emptied by a new run or a goal edit); each request renders only the frame
// around it (layout.html: account, CSRF token, freshness line), through cached.html.

// cachedView is a page frame around content rendered earlier.
type cachedView struct {
	layout
	Content template.HTML
}

// renderCachedContent renders page for a request with frame l: its content comes from data
// (which must carry l, as the page template reads .Fresh.Run and the role's .User methods)
// rendered at most once per run, role and variant. A nil run is rendered every time.
func (s *Server) renderCachedContent(ctx context.Context, w http.ResponseWriter, page, variant string, l layout, data any) error {
	if s.noPageCache {
		return s.render(w, http.StatusOK, page, data)
	}
	role := ""
	if l.User != nil {
		role = string(l.User.Role)
	}
	content, err := cachedAggregate(ctx, &s.agg, l.Fresh.Run, "html/"+page+"/"+variant+"/"+role, func() (template.HTML, error) {
		return s.renderContent(page, data)
	})
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "cached", cachedView{layout: l, Content: content})
}

// renderContent renders only the "content" template of page: the part inside <main>.
func (s *Server) renderContent(page string, data any) (template.HTML, error) {
	t, ok := s.pages[page]
	if !ok {
		return "", fmt.Errorf("rendering %s: no such template", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "content", data); err != nil {
		return "", fmt.Errorf("rendering %s: %w", page, err)
	}
	return template.HTML(buf.String()), nil // html/template escaped it as it rendered
}

// cachedCatalog is the measure catalog with the goals in force, read once per run (a goal
// edit empties the cache). Callers must not change the slice.
func (s *Server) cachedCatalog(ctx context.Context, run *computeRun) ([]measure, error) {
	return cachedAggregate(ctx, &s.agg, run, "catalog", func() ([]measure, error) { return s.catalog(ctx) })
}
