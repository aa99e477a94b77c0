package dashboard

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
)

const registryPerPage = 50

type registryListView struct {
	layout
	Conditions []registryCondition
}

type registryCondition struct {
	Condition, Name             string
	Members, HighRisk, OpenGaps int64
}

// registryList lists the chronic-condition registries with their members in the account's
// scope. Aggregates only: not audit-logged.
func (s *Server) registryList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Registries", "registries")
	if err != nil {
		return err
	}
	v := registryListView{layout: l}
	if l.Fresh.Run != nil {
		scope := worklistScope(accountFrom(ctx))
		err = s.db.Each(ctx, s.work.registryConditions, []any{scope, scope}, func(rows *sql.Rows) error {
			var c registryCondition
			if err := rows.Scan(&c.Condition, &c.Name, &c.Members, &c.HighRisk, &c.OpenGaps); err != nil {
				return err
			}
			v.Conditions = append(v.Conditions, c)
			return nil
		})
		if err != nil {
			return fmt.Errorf("querying registries: %w", err)
		}
	}
	return s.render(w, http.StatusOK, "registry_list", v)
}

type registryShowView struct {
	layout
	Condition registryCondition
	Risk      string
	Members   []registryMember
	Total     int64
	Page      int
	Pages     int
	First     int
}

type registryMember struct {
	PersonRef, PatientID, Provider, QualifiedBy, KeyValues string
	Practitioner, RiskTier, OpenGapKinds                   string
	FirstDiagnosed, LastQualifying                         sql.NullTime
	RiskScore                                              sql.NullInt64
	OpenGaps                                               int64
}

func (v registryShowView) HasPrevious() bool { return v.Page > 1 }
func (v registryShowView) HasNext() bool     { return v.Page < v.Pages }

// PageURL is page n of this registry under the same risk filter.
func (v registryShowView) PageURL(n int) string {
	u := "/registries/" + v.Condition.Condition + "?page=" + strconv.Itoa(n)
	if v.Risk != "" {
		u += "&risk=" + v.Risk
	}
	return u
}

// registryShow lists one condition's registry members in the account's scope with their key
// latest values, attribution, risk and open gaps. Patient-level: audit-logged.
func (s *Server) registryShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cond := chi.URLParam(r, "condition")
	q := r.URL.Query()
	v := registryShowView{Risk: q.Get("risk"), Page: 1, Pages: 1}
	if v.Risk != "" && v.Risk != "low" && v.Risk != "rising" && v.Risk != "high" {
		return badRequest("Choose a risk tier from the list.")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return badRequest("The page number must be a whole number, 1 or more.")
		}
		v.Page = n
	}
	l, err := s.pageLayout(r, "Registry", "registries")
	if err != nil {
		return err
	}
	v.layout = l
	if l.Fresh.Run == nil {
		return notFound("No compute run has built the registries yet.")
	}
	scope := worklistScope(accountFrom(ctx))
	err = s.db.Each(ctx, s.work.registryConditions, []any{scope, scope}, func(rows *sql.Rows) error {
		var c registryCondition
		if err := rows.Scan(&c.Condition, &c.Name, &c.Members, &c.HighRisk, &c.OpenGaps); err != nil {
			return err
		}
		if c.Condition == cond {
			v.Condition = c
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying registries: %w", err)
	}
	if v.Condition.Condition == "" {
		return notFound("There is no such registry.")
	}
	v.Title = "Registry: " + v.Condition.Name
	if err := s.db.SQL().QueryRowContext(ctx, s.work.registryCount, cond, scope, scope, v.Risk, v.Risk).Scan(&v.Total); err != nil {
		return fmt.Errorf("counting registry members: %w", err)
	}
	v.Pages = max(1, int((v.Total+registryPerPage-1)/registryPerPage))
	if v.Page > v.Pages {
		return notFound(fmt.Sprintf("There is no page %d: this list has %d.", v.Page, v.Pages))
	}
	offset := (v.Page - 1) * registryPerPage
	v.First = offset + 1
	err = s.db.Each(ctx, s.work.registryPage, []any{cond, scope, scope, v.Risk, v.Risk, registryPerPage, offset}, func(rows *sql.Rows) error {
		var m registryMember
		var person string
		var provider, patient, qual, kv, wl, prac, tier, kinds sql.NullString
		if err := rows.Scan(&person, &provider, &patient, &qual, &m.FirstDiagnosed, &m.LastQualifying, &kv, &wl, &prac,
			&tier, &m.RiskScore, &m.OpenGaps, &kinds); err != nil {
			return err
		}
		m.PersonRef, m.PatientID, m.Provider, m.QualifiedBy, m.KeyValues = s.personRef(person), patient.String, wl.String, qual.String, kv.String
		m.Practitioner, m.RiskTier, m.OpenGapKinds = prac.String, tier.String, kinds.String
		v.Members = append(v.Members, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying registry members: %w", err)
	}
	if err := s.audit(ctx, "view", "registry", fmt.Sprintf("condition=%s risk=%s page=%d", cond, v.Risk, v.Page)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "registry_show", v)
}
