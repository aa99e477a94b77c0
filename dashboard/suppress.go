package dashboard

import (
	"context"
	"database/sql"
)

// MinCellSize is the smallest count an executive sees: aggregate cells of 1 to 10 people are
// suppressed (the CMS cell-size rule), and so is any rate that would reveal one.
const MinCellSize = 11

// suppressedCount marks a suppressed cell in a view; formatCount shows it as "<11".
const suppressedCount int64 = -1

// minCellFor is the smallest count the request's account may see: 1 for the roles that
// see patients anyway (quality managers, care coordinators), MinCellSize for the roles that
// see aggregates only (executives, administrators).
func minCellFor(ctx context.Context) int64 {
	if accountFrom(ctx).PatientLevel() {
		return 1
	}
	return MinCellSize
}

func small(n, minCell int64) bool { return n > 0 && n < minCell }

// suppress hides the counts of x under minCell, and its rate when the rate would reveal a
// hidden count (a small numerator, a small complement, or a small divisor).
func (x summary) suppress(minCell int64) summary {
	if minCell <= 1 {
		return x
	}
	eligible := x.Eligible()
	if small(eligible, minCell) || small(x.Numerator, minCell) || small(eligible-x.Numerator, minCell) {
		x.Rate = sql.NullFloat64{}
	}
	// A small complement (eligible people not in the numerator) is as telling as a small
	// numerator: with the numerator and the divisor shown it is one subtraction away, so the
	// numerator is hidden too.
	if !small(x.Numerator, minCell) && small(eligible-x.Numerator, minCell) {
		x.Numerator = hiddenCount
	}
	for _, c := range []*int64{&x.InitialPopulation, &x.Denominator, &x.Exclusions, &x.Exceptions, &x.Numerator} {
		if small(*c, minCell) {
			*c = suppressedCount
		}
	}
	return x
}

// suppressedRate hides a trend point whose divisor or numerator is a small cell.
func suppressedRate(rate sql.NullFloat64, denominator, numerator, minCell int64) sql.NullFloat64 {
	if minCell > 1 && (small(denominator, minCell) || small(numerator, minCell) || small(denominator-numerator, minCell)) {
		return sql.NullFloat64{}
	}
	return rate
}
