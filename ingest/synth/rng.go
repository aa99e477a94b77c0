package synth

import (
	"math"
	"math/rand/v2"
	"time"
)

// mix64 is the SplitMix64 finaliser: it spreads nearby inputs (seed, person index) over the
// whole 64-bit range so neighbouring PCG streams are unrelated.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedPCG seeds p for stream n of the run seeded with seed. Every person has their own
// stream, so a person's data does not depend on who was generated before them.
func seedPCG(p *rand.PCG, seed, n uint64) {
	p.Seed(mix64(seed), mix64(mix64(seed^0x5bd1e995)+n))
}

// chance reports whether an event with probability p happens.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// pick returns a uniformly chosen element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// pickWeighted returns the index drawn from weights (which need not sum to 1).
func pickWeighted(r *rand.Rand, ws []weighted) int {
	var total float64
	for _, w := range ws {
		total += w.weight
	}
	x := r.Float64() * total
	for i, w := range ws {
		if x < w.weight {
			return i
		}
		x -= w.weight
	}
	return len(ws) - 1
}

// poisson draws a Poisson-distributed count with the given mean (Knuth for small means, a
// rounded normal approximation for large ones).
func poisson(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// normal draws from N(mean, sd) clamped to [lo, hi].
func normal(r *rand.Rand, mean, sd, lo, hi float64) float64 {
	return min(hi, max(lo, mean+sd*r.NormFloat64()))
}

// between returns a random day in [from, to] (days, UTC); from if to is before from.
func between(r *rand.Rand, from, to time.Time) time.Time {
	n := int(to.Sub(from).Hours() / 24)
	if n <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.IntN(n+1))
}

// officeHours returns a time on day d during clinic hours (08:00-16:45, quarter hours).
func officeHours(r *rand.Rand, d time.Time) time.Time {
	return d.Add(8*time.Hour + time.Duration(r.IntN(36))*15*time.Minute)
}

// weekday moves a weekend day d to the nearest weekday that stays within [lo, hi].
func weekday(d, lo, hi time.Time) time.Time {
	var back, fwd int
	switch d.Weekday() {
	case time.Saturday:
		back, fwd = 1, 2
	case time.Sunday:
		back, fwd = 2, 1
	default:
		return d
	}
	if b := d.AddDate(0, 0, -back); !b.Before(lo) {
		return b
	}
	if f := d.AddDate(0, 0, fwd); !f.After(hi) {
		return f
	}
	return d
}

// uuid returns a random (version 4 layout) UUID string.
func uuid(r *rand.Rand) string {
	var b [36]byte
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	const layout = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
	n := 0
	for i := range layout {
		if layout[i] == '-' {
			b[i] = '-'
			continue
		}
		var nib uint64
		if n < 16 {
			nib = hi >> (60 - 4*n) & 0xf
		} else {
			nib = lo >> (60 - 4*(n-16)) & 0xf
		}
		b[i] = hexDigits[nib]
		n++
	}
	return string(b[:])
}

// token returns 32 random hex digits: the pseudonymous linkage token of a person.
func token(r *rand.Rand) string {
	var b [32]byte
	hi, lo := r.Uint64(), r.Uint64()
	for i := range 16 {
		b[i] = hexDigits[hi>>(60-4*i)&0xf]
		b[16+i] = hexDigits[lo>>(60-4*i)&0xf]
	}
	return string(b[:])
}

// digits appends n random decimal digits to b.
func digits(r *rand.Rand, b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}

// npi returns a 10-digit number with a valid NPI check digit (Luhn over the 80840 prefix).
func npi(r *rand.Rand) string {
	b := make([]byte, 0, 10)
	b = append(b, byte('1'+r.IntN(2)))
	b = digits(r, b, 8)
	sum := 24 // the constant contribution of the 80840 prefix
	for i := 0; i < 9; i++ {
		d := int(b[8-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return string(append(b, byte('0'+(10-sum%10)%10)))
}
