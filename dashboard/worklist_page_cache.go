package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"sync"
	"time"
)

// A worklist page is a function of the run's gaps, the workflow states, the day, the filter
// and who looks (role, scope, and for care coordinators the bulk form's CSRF token and their
// name): all of them known before the page is built. Coordinators reload the same pages
// while they work, and rendering 50 rows cost more than finding them, so the rendered content
// is kept per run and version of the workflow states (worklist_index.go: a workflow change
// makes the next view read them afresh, and a new version empties this cache) under a key of
// the rest. The audit record is written for
// every view, cached or not.

// worklistPagesMax bounds the kept pages; when full, the cache starts over.
const worklistPagesMax = 512

// worklistPages holds rendered worklist content for one run and one version of the workflow
// states.
type worklistPages struct {
	mu       sync.Mutex
	run      int64
	workflow int64 // version of the workflow states (worklist_index.go)
	content  map[string]template.HTML
}

// worklistContent returns the rendered content of the worklist page v asks for, filling v
// (a page past the last is errNotFound, as before).
func (s *Server) worklistContent(ctx context.Context, v *worklistView, run int64, scope string, today time.Time) (template.HTML, error) {
	ix, err := s.index(ctx, run)
	if err != nil {
		return "", err
	}
	wf, err := s.workflowStates(ctx)
	if err != nil {
		return "", err
	}
	a := v.User
	key := fmt.Sprintf("%s|%s|%s|%s|%d", today.Format(time.DateOnly), a.Role, scope, v.Filter.PageURL(v.Page), accountsEpoch.Load())
	if v.CanWork {
		key += "|" + a.Name + "|" + a.CSRF
	}
	c := &s.wl.pages
	// Held while a page is built: concurrent views of a page not yet kept wait for one build
	// (a millisecond or two) instead of each building it.
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.run != run || c.workflow != wf.version {
		c.run, c.workflow, c.content = run, wf.version, nil
	}
	if content, ok := c.content[key]; ok {
		return content, nil
	}
	if err := s.loadWorklist(ctx, v, ix, wf, scope, today); err != nil {
		return "", err
	}
	content, err := s.renderContent("worklist", v)
	if err != nil {
		return "", err
	}
	if c.content == nil || len(c.content) >= worklistPagesMax {
		c.content = map[string]template.HTML{}
	}
	c.content[key] = content
	return content, nil
}
