package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

const (
	sessionCookie   = "populace_session"
	loginCSRFCookie = "populace_login"
	sessionLifetime = 12 * time.Hour
	csrfField       = "csrf_token"
)

// account is the signed-in user of a request.
type account struct {
	Name      string
	Role      Role
	CSRF      string   // the session's CSRF token, put in every form
	Providers []string // a care coordinator's assigned providers
}

// Can reports whether the account's role is one of roles.
func (a *account) Can(roles ...Role) bool { return a != nil && slices.Contains(roles, a.Role) }

// PatientLevel reports whether the account may see patient-level pages.
func (a *account) PatientLevel() bool {
	return a.Can(RoleQualityManager, RoleCareCoordinator)
}

type accountKey struct{}

func accountFrom(ctx context.Context) *account {
	a, _ := ctx.Value(accountKey{}).(*account)
	return a
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("reading random bytes: %v", err)) // the OS source never fails on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// loadSession puts the signed-in account, if any, into the request context.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err == nil && c.Value != "" {
			a, err := s.sessionAccount(r.Context(), tokenHash(c.Value)) // session_cache.go
			if err != nil {
				s.handle(func(http.ResponseWriter, *http.Request) error { return err })(w, r)
				return
			}
			if a != nil {
				r = r.WithContext(context.WithValue(r.Context(), accountKey{}, a))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkCSRF refuses a state-changing request whose form does not carry the session's CSRF
// token (or, for the login form, the token of the login cookie). SameSite=Strict cookies
// are a second line of defence, not the only one.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		want := ""
		if a := accountFrom(r.Context()); a != nil {
			want = a.CSRF
		} else if c, err := r.Cookie(loginCSRFCookie); err == nil {
			want = c.Value
		}
		got := r.PostFormValue(csrfField)
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.renderError(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireRole lets a request through only for a signed-in account with one of roles:
// others are sent to the login page (reads) or refused (writes); a signed-in account
// without the role gets 403.
func (s *Server) requireRole(roles ...Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := accountFrom(r.Context())
			switch {
			case a == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead):
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			case a == nil:
				s.renderError(w, r, http.StatusUnauthorized, "Sign in first.")
			case !a.Can(roles...):
				s.renderError(w, r, http.StatusForbidden, "Your role does not give access to this page.")
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// startSession creates a session for name and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, name string) error {
	token := randomToken()
	now := time.Now().UTC()
	if _, err := s.db.SQL().ExecContext(r.Context(), s.queries.sessionInsert,
		tokenHash(token), name, randomToken(), now, now.Add(sessionLifetime)); err != nil {
		return fmt.Errorf("starting session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionLifetime.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
	})
	return nil
}

// endSession deletes the request's session and clears its cookie.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		_, err := s.db.SQL().ExecContext(r.Context(), s.queries.sessionDelete, tokenHash(c.Value), time.Now().UTC())
		accountsChanged() // the session must stop working at once (session_cache.go)
		if err != nil {
			return fmt.Errorf("ending session: %w", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	return nil
}
