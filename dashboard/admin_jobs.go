package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
)

type adminJobsView struct {
	layout
	Jobs    []Job
	Started string // the job just started (after a redirect)
}

// adminJobs shows the job schedule with a "run now" button per job.
func (s *Server) adminJobs(w http.ResponseWriter, r *http.Request) error {
	l, err := s.pageLayout(r, "Jobs", "admin")
	if err != nil {
		return err
	}
	v := adminJobsView{layout: l, Jobs: s.jobs.List()}
	if name := r.URL.Query().Get("started"); slices.ContainsFunc(v.Jobs, func(j Job) bool { return j.Name == name }) {
		v.Started = name
	}
	return s.render(w, http.StatusOK, "admin_jobs", v)
}

// adminJobRun starts a job now; its run is recorded in meta.job_run like a scheduled one.
func (s *Server) adminJobRun(w http.ResponseWriter, r *http.Request) error {
	name := r.PostFormValue("job")
	if err := s.jobs.RunNow(name); errors.Is(err, ErrUnknownJob) {
		return notFound("There is no such job.")
	} else if err != nil {
		return err
	}
	if err := s.audit(r.Context(), "run", "job", "job "+name); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/jobs?started="+url.QueryEscape(name), http.StatusSeeOther)
	return nil
}
