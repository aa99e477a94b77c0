package dashboard

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

type adminUsersView struct {
	layout
	Accounts []adminAccount
	Roles    []Role
	Message  string
}

type adminAccount struct {
	Name      string
	Role      Role
	Providers string
	Created   time.Time
	Disabled  sql.NullTime
}

// adminUsers lists the accounts with a form to add one and a button to disable each.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	l, err := s.pageLayout(r, "Users", "admin")
	if err != nil {
		return err
	}
	v := adminUsersView{layout: l, Roles: Roles}
	switch r.URL.Query().Get("done") {
	case "added":
		v.Message = "Account added."
	case "disabled":
		v.Message = "Account disabled; its sessions have ended."
	}
	err = s.db.Each(r.Context(), s.work.adminAccounts, nil, func(rows *sql.Rows) error {
		var a adminAccount
		var role string
		if err := rows.Scan(&a.Name, &role, &a.Created, &a.Disabled, &a.Providers); err != nil {
			return err
		}
		a.Role = Role(role)
		v.Accounts = append(v.Accounts, a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying accounts: %w", err)
	}
	return s.render(w, http.StatusOK, "admin_users", v)
}

// adminUserAdd creates an account from the form (AddAccount checks name, role and password).
func (s *Server) adminUserAdd(w http.ResponseWriter, r *http.Request) error {
	role, err := ParseRole(r.PostFormValue("role"))
	if err != nil {
		return badRequest("Choose a role from the list.")
	}
	spec := AccountSpec{Name: strings.TrimSpace(r.PostFormValue("name")), Role: role, Password: r.PostFormValue("password")}
	for _, p := range strings.Split(r.PostFormValue("providers"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			spec.Providers = append(spec.Providers, p)
		}
	}
	if err := AddAccount(r.Context(), s.db, spec); errors.Is(err, ErrAccountExists) {
		return badRequest("An account of that name exists.")
	} else if err != nil {
		if strings.HasPrefix(err.Error(), "account name") || strings.HasPrefix(err.Error(), "password too short") {
			return badRequest(err.Error() + ".") // the rule the form broke; no internal detail
		}
		return err
	}
	if err := s.audit(r.Context(), "admin", "account", "added "+spec.Name+" as "+string(role)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users?done=added", http.StatusSeeOther)
	return nil
}

// adminUserDisable disables an account and ends its sessions. Administrators cannot disable
// themselves (someone must be left to manage accounts).
func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := r.PostFormValue("name")
	if name == accountFrom(ctx).Name {
		return badRequest("You cannot disable your own account.")
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.work.accountDisable, time.Now().UTC(), name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("There is no enabled account of that name.")
		}
		_, err = tx.ExecContext(ctx, s.work.accountSessionsDelete, name)
		return err
	})
	accountsChanged() // after the commit: its sessions stop working at once (session_cache.go)
	var he *httpError
	if errors.As(err, &he) {
		return err
	}
	if err != nil {
		return fmt.Errorf("disabling account: %w", err)
	}
	if err := s.audit(ctx, "admin", "account", "disabled "+name); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users?done=disabled", http.StatusSeeOther)
	return nil
}
