// Package sql holds all SQL text of Populace, embedded into the binary: numbered schema
// migrations (schema/), and the models that build core, measures, gaps and dashboard
// relations, one select per file, plus invariant checks (checks/).
package sql

import "embed"

// FS is every .sql file under this folder, by path relative to it (schema/0001_layers.sql).
//
//go:embed schema core measures registries gaps checks dashboard queries quality
var FS embed.FS
