package dashboard

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"populace/warehouse"
)

// Role is what an account may see and do. Every page and export checks it on the server.
type Role string

const (
	// RoleExecutive sees aggregates only, with cells under MinCellSize people suppressed.
	RoleExecutive Role = "executive"
	// RoleQualityManager sees measures and drills down to patients.
	RoleQualityManager Role = "quality_manager"
	// RoleCareCoordinator works the gap worklists of assigned providers.
	RoleCareCoordinator Role = "care_coordinator"
	// RoleAdministrator manages users, feeds and jobs, and reads the audit log.
	RoleAdministrator Role = "administrator"
)

// Roles lists every role, in the order the documentation gives them.
var Roles = []Role{RoleExecutive, RoleQualityManager, RoleCareCoordinator, RoleAdministrator}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: want one of executive, quality_manager, care_coordinator, administrator", s)
}

// Password hashing: PBKDF2-HMAC-SHA256 from the standard library, 600,000 iterations
// (OWASP's 2023 figure for this function), 16-byte random salt.
const (
	hashIterations = 600_000
	hashPrefix     = "pbkdf2-sha256"
	minPassword    = 12
)

var accountName = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,63}$`)

// HashPassword returns the stored form of a password: "pbkdf2-sha256$iterations$salt$key".
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, hashIterations, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("%s$%d$%s$%s", hashPrefix, hashIterations, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// verifyPassword reports whether password matches a stored hash, in constant time.
func verifyPassword(stored, password string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != hashPrefix {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when an account does not exist, so a login attempt takes
// as long for an unknown name as for a known one.
var dummyHash, _ = HashPassword("populace-no-such-account")

// AccountSpec is a new account as the command line creates it.
type AccountSpec struct {
	Name      string
	Role      Role
	Password  string
	Providers []string // the providers a care coordinator works; ignored for other roles
}

// ErrAccountExists reports that an account of that name exists.
var ErrAccountExists = errors.New("account exists")

// AddAccount creates a local account. The password is stored only as a slow salted hash.
func AddAccount(ctx context.Context, db *warehouse.DB, spec AccountSpec) error {
	return putAccount(ctx, db, spec, false)
}

// ResetAccount creates an account or, when it exists, resets its role, password and
// providers (the demo uses it to hand out fresh passwords on every run).
func ResetAccount(ctx context.Context, db *warehouse.DB, spec AccountSpec) error {
	return putAccount(ctx, db, spec, true)
}

func putAccount(ctx context.Context, db *warehouse.DB, spec AccountSpec, replace bool) error {
	if !accountName.MatchString(spec.Name) {
		return fmt.Errorf("account name %q: use 2-64 lowercase letters, digits, '.', '_' or '-', starting with a letter", spec.Name)
	}
	if _, err := ParseRole(string(spec.Role)); err != nil {
		return err
	}
	if len([]rune(spec.Password)) < minPassword {
		return fmt.Errorf("password too short: use at least %d characters", minPassword)
	}
	hash, err := HashPassword(spec.Password)
	if err != nil {
		return fmt.Errorf("hashing password: %w", err)
	}
	q, err := loadQueries()
	if err != nil {
		return err
	}
	// After the commit, sessions are read afresh: a role or a coordinator's providers may
	// have changed (session_cache.go).
	defer accountsChanged()
	return db.InTx(ctx, func(tx *sql.Tx) error {
		insert := q.accountUpsert
		if !replace {
			var n int
			if err := tx.QueryRowContext(ctx, q.accountCount, spec.Name).Scan(&n); err != nil {
				return fmt.Errorf("looking up account: %w", err)
			}
			if n > 0 {
				return fmt.Errorf("account %s: %w", spec.Name, ErrAccountExists)
			}
			insert = q.accountInsert
		}
		if _, err := tx.ExecContext(ctx, insert, spec.Name, string(spec.Role), hash, time.Now().UTC()); err != nil {
			return fmt.Errorf("storing account %s: %w", spec.Name, err)
		}
		if _, err := tx.ExecContext(ctx, q.accountProviderClear, spec.Name); err != nil {
			return fmt.Errorf("clearing providers of %s: %w", spec.Name, err)
		}
		if spec.Role != RoleCareCoordinator {
			return nil
		}
		for _, p := range spec.Providers {
			if _, err := tx.ExecContext(ctx, q.accountProviderInsert, spec.Name, p); err != nil {
				return fmt.Errorf("assigning provider to %s: %w", spec.Name, err)
			}
		}
		return nil
	})
}

// NewPassword returns a random password for generated accounts (the demo's).
func NewPassword() string { return randomToken()[:20] }
