package dashboard

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
)

// httpError is an error a handler returns to choose the status code and the message the
// browser sees. Any other error is a 500 with a generic message; its text is only logged.
type httpError struct {
	status  int
	message string // safe to show: never internal error text or patient data
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.message) }

var (
	errNotFound         = &httpError{http.StatusNotFound, "Page not found."}
	errMethodNotAllowed = &httpError{http.StatusMethodNotAllowed, "This page can only be read."}
)

// badRequest is a 400 whose message explains what to fix.
func badRequest(message string) error { return &httpError{http.StatusBadRequest, message} }

// notFound is a 404 whose message says what was not found.
func notFound(message string) error { return &httpError{http.StatusNotFound, message} }

// handlerFunc is a page handler: it writes a complete response or returns an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: the one place where errors become status codes, safe
// messages and log lines.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status, message := http.StatusInternalServerError, "Something went wrong. The error was logged; please try again."
		var he *httpError
		if errors.As(err, &he) {
			status, message = he.status, he.message
		}
		if status >= 500 {
			s.log.Error("serving page", "request_id", middleware.GetReqID(r.Context()), "err", err)
		}
		s.renderError(w, r, status, message)
	}
}

// renderError writes the error page, falling back to plain text if even that fails.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	v := errorView{layout: s.layout(http.StatusText(status), ""), Status: status, Message: message}
	v.User = accountFrom(r.Context())
	if err := s.render(w, status, "error", v); err != nil {
		s.log.Error("rendering error page", "request_id", middleware.GetReqID(r.Context()), "err", err)
		http.Error(w, message, status)
	}
}

type errorView struct {
	layout
	Status  int
	Message string
}

// recoverPanics turns a panic in a handler into a logged 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("serving page", "request_id", middleware.GetReqID(r.Context()), "err", fmt.Sprintf("panic: %v", v))
				s.renderError(w, r, http.StatusInternalServerError, "Something went wrong. The error was logged; please try again.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
