package dashboard

import "time"

// Hooks for the external tests; compiled only with them.

// WithoutPageCache makes d render every page afresh, as it did before page_cache.go, so tests
// can compare the cached pages with the uncached ones.
func WithoutPageCache(d *Server) { d.noPageCache = true }

// ForgetFreshness makes d read the latest run and the last loaded file on its next request,
// instead of up to freshnessTTL later.
func ForgetFreshness(d *Server) {
	d.fresh.mu.Lock()
	defer d.fresh.mu.Unlock()
	d.fresh.at = time.Time{}
}

// ForgetWorkflow makes d read the workflow states afresh on its next worklist view, as a
// workflow change made through d itself does.
func ForgetWorkflow(d *Server) { d.workflowChanged() }
