package dashboard

import (
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

type loginView struct {
	layout
	Next    string
	Name    string
	CSRF    string
	Message string
}

// safeNext keeps a post-login redirect on this site: a path, never another host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// loginForm shows the sign-in form. The login CSRF token lives in a short-lived cookie
// until a session exists.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if accountFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, name, message string) error {
	token := randomToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", MaxAge: 3600,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	next := safeNext(r.URL.Query().Get("next"))
	if r.Method == http.MethodPost {
		next = safeNext(r.PostFormValue("next"))
	}
	v := loginView{layout: s.layout("Sign in", "login"), Next: next, Name: name, CSRF: token, Message: message}
	return s.render(w, status, "login", v)
}

// login checks a name and password, throttling repeated failures by name and by address.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	keys := []string{"name:" + name, "addr:" + host}
	if s.throttle.blocked(keys...) {
		return s.renderLogin(w, r, http.StatusTooManyRequests, name, "Too many failed sign-ins. Wait 15 minutes and try again.")
	}
	var hash, role string
	err = s.db.SQL().QueryRowContext(r.Context(), s.queries.accountLogin, name).Scan(&hash, &role)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		verifyPassword(dummyHash, password) // same work as for a real account
		hash = ""
	case err != nil:
		return fmt.Errorf("looking up account: %w", err)
	}
	if hash == "" || !verifyPassword(hash, password) {
		s.throttle.fail(keys...)
		return s.renderLogin(w, r, http.StatusUnauthorized, name, "That name and password do not match an account.")
	}
	s.throttle.succeed(keys[0])
	if err := s.startSession(w, r, name); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: true})
	s.log.Info("signed in", "account", name, "role", role)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
